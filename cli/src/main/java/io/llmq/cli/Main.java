package io.llmq.cli;

import java.io.Console;

/** {@code java -jar llmq-cli.jar <command> ...}: see {@link Cli}. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(new Cli(System.getenv(), System.out, System.err, terminal(System.getenv("LLMQ_TTY"))).run(args));
    }

    /**
     * Whether stdout is a terminal, so the progress bar may redraw in place. {@code LLMQ_TTY=0|1}
     * decides if set (the launcher sets it from {@code [ -t 1 ]}). Otherwise {@code System.console()}:
     * null means no terminal; from JDK 22 on a console exists even when output is redirected, and
     * {@code Console.isTerminal()} tells. The CLI is built for Java 21, where that method does not
     * exist yet, hence the lookup by name.
     */
    static boolean terminal(String setting) {
        if (setting != null && !setting.isBlank()) {
            return setting.trim().equals("1") || setting.trim().equalsIgnoreCase("true");
        }
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException java21) {
            return true;
        }
    }
}
