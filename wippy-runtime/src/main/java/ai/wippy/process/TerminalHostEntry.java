package ai.wippy.process;

/**
 * A {@code terminal.host} entry: the host CLI commands ({@code run NAME}) run under, with the terminal
 * as stdin, stdout and stderr. {@code hideLogs} is checked and kept; the application's logging
 * configuration decides what is logged while a command runs.
 */
public record TerminalHostEntry(String id, boolean hideLogs, boolean autoStart) {}
