package ai.wippy.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.wippy.abi.ResourceTables;
import ai.wippy.actor.ActorProcess;
import ai.wippy.actor.ActorSystem;
import ai.wippy.actor.MailboxLimits;
import ai.wippy.actor.Payload;
import ai.wippy.call.CallContext;
import ai.wippy.call.ErrorKind;
import ai.wippy.call.WippyException;
import ai.wippy.component.host.BoundInterface;
import ai.wippy.component.host.HostBinding;
import ai.wippy.security.AccessGuard;
import ai.wippy.value.ResourceHandle;
import ai.wippy.value.ResultValue;
import ai.wippy.value.VariantValue;
import ai.wippy.wasi.p2.Pollable;
import ai.wippy.wit.FunctionSignature;
import ai.wippy.wit.Param;
import ai.wippy.wit.WitType;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code wippy:actor/process} as a typed {@code @WitInterface} host: each function is checked
 * against the signature the component declares when it is linked, and runs as the process bound to
 * the calling thread (none: CAPABILITY_DENIED). The guest-level behaviour is {@link WasmActorTest}.
 */
class ActorHostTest {

    private static final WitType PAYLOAD = new WitType.VariantType(
            "payload",
            List.of(
                    new WitType.Case("bytes", new WitType.ListType(WitType.Primitive.U8)),
                    new WitType.Case("text", WitType.Primitive.STRING),
                    new WitType.Case("json", WitType.Primitive.STRING)));
    private static final WitType MESSAGE = new WitType.RecordType(
            "message",
            List.of(
                    new WitType.Field("from", WitType.Primitive.STRING),
                    new WitType.Field("topic", WitType.Primitive.STRING),
                    new WitType.Field("payloads", new WitType.ListType(PAYLOAD))));
    private static final FunctionSignature SEND = new FunctionSignature(
            "send",
            List.of(
                    new Param("target", WitType.Primitive.STRING),
                    new Param("topic", WitType.Primitive.STRING),
                    new Param("payloads", new WitType.ListType(PAYLOAD))),
            new WitType.ResultType(null, WitType.Primitive.STRING));
    private static final FunctionSignature TRY_RECEIVE =
            new FunctionSignature("try-receive", List.of(), new WitType.OptionType(MESSAGE));
    private static final FunctionSignature SUBSCRIBE =
            new FunctionSignature("subscribe", List.of(), new WitType.HandleType("pollable", true));

    private final ActorSystem system = new ActorSystem("n1", new AccessGuard(false));
    private final ResourceTables table = new ResourceTables();
    private final BoundInterface bound = new ActorHost()
            .bind(new HostBinding(null, "wippy:actor/process@0.1.0", Set.of("wippy:actor"), null, table));
    private final ActorProcess me =
            system.register("t:me", CallContext.empty(), MailboxLimits.DEFAULT, null, false, false);
    private final ActorProcess other =
            system.register("t:other", CallContext.empty(), MailboxLimits.DEFAULT, null, false, false);
    private final ActorProcess previous = ActorProcess.bind(me);

    @AfterEach
    void unbind() {
        ActorProcess.unbind(previous);
        system.close();
    }

    @Test
    void aSignatureTheJavaMethodCannotServeFailsTheLinkNamingTheFunction() {
        assertThatThrownBy(() -> bound.function(
                        "subscribe", new FunctionSignature("subscribe", List.of(), WitType.Primitive.STRING)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("wippy:actor/process.subscribe")
                .hasMessageContaining("string");
        assertThatThrownBy(() -> bound.function(
                        "send",
                        new FunctionSignature(
                                "send",
                                List.of(
                                        new Param("target", WitType.Primitive.U32),
                                        new Param("topic", WitType.Primitive.STRING),
                                        new Param("payloads", new WitType.ListType(PAYLOAD))),
                                SEND.result())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("wippy:actor/process.send(target)");
        assertThat(bound.function("spawn", new FunctionSignature("spawn", List.of(), null)))
                .as("a function the interface does not have")
                .isNull();
    }

    @Test
    void sendDeliversAsTheBoundProcessAndARefusalIsTheErrorString() throws Exception {
        Object ok = bound.function("send", SEND)
                .call(List.of(other.pid().toString(), "hi", List.of(new VariantValue("text", "there"))));
        assertThat(ok).isEqualTo(ResultValue.ok(null));
        var m = other.mailbox().poll();
        assertThat(m.from()).isEqualTo(me.pid());
        assertThat(m.payloads()).containsExactly(Payload.text("there"));

        ResultValue refused =
                (ResultValue) bound.function("send", SEND).call(List.of("{n1|0x000000ff}", "hi", List.of()));
        assertThat(refused.ok()).isFalse();
        assertThat((String) refused.value()).startsWith("NOT_FOUND: ").contains("{n1|0x000000ff}");
    }

    @Test
    void tryReceiveIsNoneOrTheOldestMessageAndSubscribeOwnsAPollable() throws Exception {
        assertThat(bound.function("try-receive", TRY_RECEIVE).call(List.of())).isNull();
        Object handle = bound.function("subscribe", SUBSCRIBE).call(List.of());
        Pollable ready = table.get((ResourceHandle) handle, Pollable.class);
        assertThat(ready.ready()).isFalse();

        other.send(me.pid().toString(), "ping", List.of(Payload.json("{\"n\":1}")));
        assertThat(ready.ready()).isTrue();
        assertThat(bound.function("try-receive", TRY_RECEIVE).call(List.of()))
                .isEqualTo(Map.of(
                        "from", other.pid().toString(),
                        "topic", "ping",
                        "payloads", List.of(new VariantValue("json", "{\"n\":1}"))));
        assertThat(ready.ready()).isFalse();
    }

    @Test
    void outsideAProcessEveryFunctionIsCapabilityDenied() {
        ActorProcess.unbind(null);
        assertThatThrownBy(() -> bound.function("try-receive", TRY_RECEIVE).call(List.of()))
                .isInstanceOfSatisfying(
                        WippyException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.CAPABILITY_DENIED))
                .hasMessageContaining("not running as a process");
    }
}
