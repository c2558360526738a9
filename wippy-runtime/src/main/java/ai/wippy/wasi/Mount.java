package ai.wippy.wasi;

import ai.wippy.fs.VirtualFileSystem;

/** One preopened folder: a file-system entry seen by the guest at {@code guest}. */
public record Mount(String guest, VirtualFileSystem fs, boolean readOnly) {}
