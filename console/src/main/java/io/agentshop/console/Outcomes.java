package io.agentshop.console;

import io.agentshop.console.backend.BackendProblem;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.util.function.Supplier;

/**
 * How a form's action ends: back to its page (post, redirect, get), with what happened, or the sentence of the
 * refusal (the shop's own, or what was wrong with the form), so a refused change is said on the page it was tried on.
 */
public final class Outcomes {

    private Outcomes() {
    }

    public static String after(RedirectAttributes redirect, String page, Supplier<String> action) {
        try {
            redirect.addFlashAttribute("notice", action.get());
        } catch (BackendProblem refused) {
            redirect.addFlashAttribute("problem", refused.getMessage());
        } catch (IllegalArgumentException invalid) {
            redirect.addFlashAttribute("problem", invalid.getMessage());
        }
        return "redirect:" + page;
    }
}
