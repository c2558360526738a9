package ai.wippy.actor;

/**
 * The budgets of a mailbox: {@code capacity} messages (default 128), {@code bytes} in total (8 MiB)
 * and {@code messageBytes} per message (1 MiB, not above {@code bytes}).
 */
public record MailboxLimits(int capacity, long bytes, long messageBytes) {

    public static final MailboxLimits DEFAULT = new MailboxLimits(128, 8L << 20, 1L << 20);

    public MailboxLimits {
        if (capacity <= 0) {
            throw new IllegalArgumentException("mailbox.capacity must be a positive integer, got " + capacity);
        }
        if (bytes <= 0) {
            throw new IllegalArgumentException("mailbox.bytes must be a positive integer, got " + bytes);
        }
        if (messageBytes <= 0) {
            throw new IllegalArgumentException("mailbox.message_bytes must be a positive integer, got " + messageBytes);
        }
        if (messageBytes > bytes) {
            throw new IllegalArgumentException(
                    "mailbox.message_bytes (" + messageBytes + ") may not be above mailbox.bytes (" + bytes + ")");
        }
    }
}
