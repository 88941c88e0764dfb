package io.agentshop.commandside.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a command's text that a person writes and reads, such as a note or a reason: newline and tab are allowed in
 * it ({@link TextPolicy.Kind#FREE}). Every other text of a command is one line.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface FreeText {
}
