package io.agentshop.queryside.consumer;

import java.util.List;

/** A projection whose tables can be rebuilt from the beginning of the stream and swapped in (not the audit store). */
public interface Rebuildable {

    /** The tables this projection writes, in the public schema. */
    List<String> tables();
}
