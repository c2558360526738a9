package ai.wippy.lua;

import static org.assertj.core.api.Assertions.assertThat;

import ai.wippy.runtime.TestRegistries;
import ai.wippy.runtime.WasmRegistry;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The library functions a call's sandbox shares with other calls (made once, put in each call's
 * fresh tables) leave nothing shared a script can change: what one call does to its {@code string},
 * {@code table}, {@code bit32} and {@code math} tables the next call does not see, and {@code
 * math.random} keeps a generator of each call's own (LuaJ's, seeded by {@code math.randomseed}).
 */
class LuaSandboxLibrariesTest {

    private static final String YAML = """
            version: "1.0"
            namespace: l
            entries:
              - name: spoil
                kind: function.lua
                method: run
                source: |
                  return { run = function()
                    string.upper, table.insert, bit32.band, math.floor = nil, nil, nil, nil
                    rawset(math, "pi", 3)
                    math.randomseed(7)
                    return tostring(string.upper) .. " " .. tostring(bit32.band) .. " " .. math.pi
                  end }
              - name: look
                kind: function.lua
                method: run
                source: |
                  return { run = function()
                    return { string.upper("a"), bit32.band(6, 3), math.floor(2.5), math.pi > 3.14,
                             type(table.insert), math.random(1000000) }
                  end }
              - name: seeded
                kind: function.lua
                method: run
                source: |
                  return { run = function(seed)
                    math.randomseed(seed)
                    return { math.random(1000000), math.random(5, 9) }
                  end }
            """;

    @Test
    void whatOneCallDoesToItsLibrariesTheNextDoesNotSee() {
        try (WasmRegistry r = TestRegistries.runtime(YAML)) {
            int afterSeed = 1 + new Random(7).nextInt(1000000);
            boolean seededShared = false;
            for (int i = 0; i < 3; i++) {
                assertThat(r.call("l:spoil")).isEqualTo("nil nil 3");
                @SuppressWarnings("unchecked")
                List<Object> seen = (List<Object>) r.call("l:look");
                assertThat(seen.subList(0, 5)).containsExactly("A", 2, 2, true, "function");
                seededShared |= ((Number) seen.get(5)).intValue() == afterSeed;
            }
            assertThat(seededShared)
                    .as("math.random after another call's math.randomseed(7) draws from a generator of its own")
                    .isFalse();
        }
    }

    @Test
    void mathRandomIsLuajsOwnGeneratorSeededByRandomseed() {
        try (WasmRegistry r = TestRegistries.runtime(YAML)) {
            Random expected = new Random(42);
            int first = 1 + expected.nextInt(1000000);
            int second = 5 + expected.nextInt(5);
            for (int i = 0; i < 2; i++) {
                assertThat(r.call("l:seeded", 42)).isEqualTo(List.of(first, second));
            }
        }
    }
}
