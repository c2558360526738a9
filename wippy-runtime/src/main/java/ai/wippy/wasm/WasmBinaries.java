package ai.wippy.wasm;

import ai.wippy.engine.BinaryKind;
import ai.wippy.engine.Digests;
import ai.wippy.engine.WatAssembler;
import ai.wippy.fs.VirtualFileSystem;
import ai.wippy.registry.RegistryEntry;
import ai.wippy.registry.ResourceBase;
import ai.wippy.registry.SourceFiles;
import ai.wippy.spi.LoadContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Reads the binary an entry names: WAT source (inline or file), or a file of an fs entry, hash-checked. */
public final class WasmBinaries {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(WasmBinaries.class);

    private WasmBinaries() {}

    /** The binary of a {@code function.wat} entry, assembled from its {@code source}. */
    public static byte[] fromWat(RegistryEntry entry, LoadContext context) {
        String source = entry.requiredString("source");
        String wat;
        byte[] text;
        String what;
        String name;
        if (source.startsWith("file://")) {
            text = SourceFiles.read(entry, "source", source, context.registry().options());
            wat = SourceFiles.decode(entry, "source", source, text);
            what = entry.base().describe(source);
            name = ResourceBase.strip(source);
        } else {
            wat = source;
            text = source.getBytes(StandardCharsets.UTF_8);
            what = "the inline source";
            name = "inline";
        }
        // the hash of a function.wat is that of its source text as written (the file's bytes, or the
        // UTF-8 of the inline text), so `sha256sum compute.wat` gives it and it does not depend on the
        // assembler's version
        checkHash(entry, text, what, source.startsWith("file://") ? "the file" : "the text");
        try {
            return context.assembler().assemble(wat, name);
        } catch (WatAssembler.WatException e) {
            throw entry.error("source", "WAT does not assemble: " + e.getMessage(), e);
        }
    }

    /**
     * Work for {@link ai.wippy.spi.EntryHandler#prepare}: the entry's binary compiled ahead of its
     * load, or null. Only a file-system entry already loaded is used (never another entry loaded out of
     * order); a binary whose hash does not match is not compiled.
     */
    public static Runnable prepare(RegistryEntry written, LoadContext context, boolean wat) {
        RegistryEntry entry = EntryOptions.normalize(written);
        if (wat) {
            return () -> precompile(fromWat(entry, context), context);
        }
        RegistryEntry target = context.registry().require(entry, "fs", entry.requiredString("fs"));
        if (!target.kind().startsWith("fs.")) {
            return null;
        }
        // the file system is resolved here; the file is read by the work, so that the binaries are not
        // all held in memory at once
        VirtualFileSystem fs = context.resource(entry, "fs", entry.requiredString("fs"), VirtualFileSystem.class);
        String path = entry.requiredString("path");
        return () -> {
            byte[] bytes;
            try {
                bytes = fs.read(withinFileSystem(path));
            } catch (IOException e) {
                return;
            }
            checkHash(entry, bytes, path, "the file");
            precompile(bytes, context);
        };
    }

    private static void precompile(byte[] binary, LoadContext context) {
        BinaryKind kind = BinaryKind.detect(binary);
        if (kind == BinaryKind.CORE_MODULE) {
            context.compiler().compile(binary);
        } else if (kind == BinaryKind.COMPONENT) {
            context.service(ComponentLoader.class).ifPresent(loader -> loader.prepare(binary, context));
        }
    }

    /** The binary of a {@code function.wasm} or {@code process.wasm} entry, from {@code fs} and {@code path}. */
    public static byte[] fromFileSystem(RegistryEntry entry, LoadContext context) {
        String path = entry.requiredString("path");
        byte[] bytes = read(entry, context);
        if (entry.raw("hash") == null) {
            VirtualFileSystem fs = context.resource(entry, "fs", entry.requiredString("fs"), VirtualFileSystem.class);
            LOG.warn(
                    "{}: entry '{}' loads {} from {} without a 'hash'; Wippy requires one (add hash: sha256:{})",
                    entry.file(),
                    entry.id(),
                    path,
                    fs.id(),
                    Digests.sha256Hex(bytes));
        }
        checkHash(entry, bytes, path, "the file");
        return bytes;
    }

    private static byte[] read(RegistryEntry entry, LoadContext context) {
        String fsRef = entry.requiredString("fs");
        String path = entry.requiredString("path");
        VirtualFileSystem fs = context.resource(entry, "fs", fsRef, VirtualFileSystem.class);
        byte[] bytes;
        try {
            bytes = fs.read(withinFileSystem(path));
        } catch (IOException e) {
            throw entry.error(
                    "path",
                    "cannot read '" + path + "' from " + fs.id() + " (" + fs.describe() + "): " + e.getMessage(),
                    e);
        }
        return bytes;
    }

    /** Checks the entry's {@code hash} field, if it has one, against the SHA-256 of {@code bytes}. */
    private static void checkHash(RegistryEntry entry, byte[] bytes, String what, String it) {
        Object raw = entry.raw("hash");
        if (raw == null) {
            return;
        }
        if (!(raw instanceof String hash)) {
            throw entry.error("hash", "expected a string sha256:<64 hex digits>, got " + RegistryEntry.describe(raw));
        }
        String expected = hash.toLowerCase(Locale.ROOT);
        if (!expected.startsWith("sha256:") || !expected.substring(7).matches("[0-9a-f]{64}")) {
            throw entry.error("hash", "'" + hash + "' is not of the form sha256:<64 hex digits>");
        }
        String actual = Digests.sha256Hex(bytes);
        if (!actual.equals(expected.substring(7))) {
            throw entry.error(
                    "hash",
                    "hash mismatch for " + what + ": the entry expects " + hash + " but " + it + " is sha256:"
                            + actual);
        }
    }

    /**
     * The path inside the file-system entry: a leading {@code /} names the entry's root, as in Wippy
     * ({@code path: /compute.wasm}). {@code ..} and links are still refused by the file system.
     */
    static String withinFileSystem(String path) {
        String p = ResourceBase.strip(path);
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        return p;
    }
}
