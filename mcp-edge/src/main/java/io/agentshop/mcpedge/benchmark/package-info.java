/**
 * Floors for the benchmark harness (infra/bench), served only when {@code agentshop.benchmark.enabled} is true (the
 * harness sets it; nothing else does): a tool that does nothing, to measure what transport, security and JSON cost
 * on their own, and the command side driven in-process, to measure what deciding and storing an order costs without
 * them. Each figure the harness prints sits beside these floors, measured in the same run.
 */
package io.agentshop.mcpedge.benchmark;
