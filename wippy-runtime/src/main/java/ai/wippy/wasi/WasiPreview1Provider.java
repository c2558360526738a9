package ai.wippy.wasi;

import ai.wippy.engine.CompiledModule;
import ai.wippy.registry.RegistryEntry;
import ai.wippy.spi.LoadContext;
import ai.wippy.wasm.CoreImportProvider;
import java.util.List;

/**
 * Links {@code wasi_snapshot_preview1} into core function entries. Each pooled instance gets its own
 * descriptor table; its stdout and stderr go to the entry's logger ({@code wippy.wasi.<entry id>}).
 */
public final class WasiPreview1Provider implements CoreImportProvider {

    @Override
    public boolean serves(String importModule) {
        return WasiPreview1.MODULE.equals(importModule);
    }

    @Override
    public InstanceImports prepare(
            RegistryEntry entry, CompiledModule module, String importModule, LoadContext context) {
        WasiSettings settings = WasiSettings.read(entry, context);
        String id = entry.id().toString();
        // the loggers are made when the guest first prints
        return () -> new WasiPreview1(settings, () -> WasiStdio.logger(id), List.of()).functions(module.module());
    }
}
