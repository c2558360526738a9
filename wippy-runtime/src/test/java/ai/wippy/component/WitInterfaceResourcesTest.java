package ai.wippy.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.wippy.abi.AbiTrap;
import ai.wippy.abi.ResourceTables;
import ai.wippy.call.Actor;
import ai.wippy.call.CallContext;
import ai.wippy.component.host.BoundInterface;
import ai.wippy.component.host.HostBinding;
import ai.wippy.component.host.ReflectiveHostInterface;
import ai.wippy.component.host.WitInterface;
import ai.wippy.component.host.WitResource;
import ai.wippy.value.ResourceHandle;
import ai.wippy.wit.FunctionSignature;
import ai.wippy.wit.Param;
import ai.wippy.wit.WitType;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A {@code @WitInterface} bean serving a resource: {@code [constructor]}, {@code [method]},
 * {@code [static]} and {@code [resource-drop]} map to the Java class the annotation names, against
 * one instance's real handle table.
 */
class WitInterfaceResourcesTest {

    @WitResource("account")
    public static final class BankAccount implements AutoCloseable {
        final Bank bank;
        final String owner;
        long balance;

        public BankAccount(Bank bank, String owner) {
            this.bank = bank;
            this.owner = owner;
        }

        public static BankAccount openEmpty(String owner) {
            return new BankAccount(null, owner);
        }

        public void deposit(long amount) {
            balance += amount;
        }

        public long balance() {
            return balance;
        }

        /** Takes the other account (own<account>): its handle leaves the table. */
        public void absorb(BankAccount other) {
            balance += other.balance;
        }

        public String describe(CallContext ctx) {
            return owner + " seen by " + ctx.actor().id();
        }

        @Override
        public void close() {
            if (bank != null) {
                bank.closed++;
            }
        }
    }

    @WitInterface(value = "test:bank/accounts@0.1.0", resources = BankAccount.class)
    public static final class Bank {
        int closed;

        public String whoami(CallContext ctx) {
            return ctx.actor() == null ? "nobody" : ctx.actor().id();
        }
    }

    private static final WitType.HandleType OWN = new WitType.HandleType("account", true);
    private static final WitType.HandleType BORROW = new WitType.HandleType("account", false);

    private static FunctionSignature sig(String name, WitType result, Param... params) {
        return new FunctionSignature(name, List.of(params), result);
    }

    /** {@code [method]account.deposit} on the borrowed {@code account}. */
    private static void deposit(BoundInterface bound, ResourceHandle account, long amount) throws Exception {
        call(
                bound,
                sig(
                        "[method]account.deposit",
                        null,
                        new Param("self", BORROW),
                        new Param("amount", WitType.Primitive.U64)),
                account,
                amount);
    }

    private static Object call(BoundInterface bound, FunctionSignature s, Object... args) throws Exception {
        var fn = bound.function(s.name(), s);
        assertThat(fn).as(s.name()).isNotNull();
        return fn.call(Arrays.asList(args));
    }

    @Test
    void constructorsMethodsStaticsAndDropsReachTheResourceClass() throws Exception {
        Bank bank = new Bank();
        ReflectiveHostInterface host = ReflectiveHostInterface.of(bank);
        ResourceTables table = new ResourceTables();
        BoundInterface bound = host.bind(new HostBinding(null, "test:bank/accounts@0.1.0", Set.of(), null, table));

        assertThat(host.name()).isEqualTo("test:bank/accounts@0.1.0");
        // [constructor] with the bean as first parameter
        ResourceHandle ada = (ResourceHandle)
                call(bound, sig("[constructor]account", OWN, new Param("owner", WitType.Primitive.STRING)), "ada");
        assertThat(ada).isEqualTo(new ResourceHandle("account", ada.handle(), true));
        ResourceHandle borrowedAda = new ResourceHandle("account", ada.handle(), false);
        deposit(bound, borrowedAda, 40L);
        // [static] returning a new resource object: a fresh owned handle
        ResourceHandle tim = (ResourceHandle) call(
                bound, sig("[static]account.open-empty", OWN, new Param("owner", WitType.Primitive.STRING)), "tim");
        deposit(bound, new ResourceHandle("account", tim.handle(), false), 2L);
        // an own<account> parameter takes the object out of the table
        call(
                bound,
                sig("[method]account.absorb", null, new Param("self", BORROW), new Param("other", OWN)),
                borrowedAda,
                tim);
        assertThat(table.live()).isEqualTo(1);
        assertThat(call(
                        bound,
                        sig("[method]account.balance", WitType.Primitive.U64, new Param("self", BORROW)),
                        borrowedAda))
                .isEqualTo(42L);
        // a leading CallContext parameter receives the context of the running call
        CallContext ctx = CallContext.empty().withActor(Actor.of("rita"));
        assertThat(CallContext.runWith(
                        ctx,
                        () -> call(
                                bound,
                                sig("[method]account.describe", WitType.Primitive.STRING, new Param("self", BORROW)),
                                borrowedAda)))
                .isEqualTo("ada seen by rita");
        assertThat(CallContext.runWith(ctx, () -> call(bound, sig("whoami", WitType.Primitive.STRING))))
                .isEqualTo("rita");
        // [resource-drop]: dropping the handle closes the object
        table.drop(new ResourceKind("account", null, false), ada.handle());
        assertThat(bank.closed).isEqualTo(1);
        assertThat(table.live()).isZero();
    }

    @Test
    void aMethodOnAHandleOfAnotherObjectTrapsNamingTheResource() throws Exception {
        ReflectiveHostInterface host = ReflectiveHostInterface.of(new Bank());
        ResourceTables table = new ResourceTables();
        BoundInterface bound = host.bind(new HostBinding(null, "test:bank/accounts", Set.of(), null, table));
        ResourceHandle other = table.own("account", "not an account");

        assertThatThrownBy(() -> call(
                        bound,
                        sig("[method]account.balance", WitType.Primitive.U64, new Param("self", BORROW)),
                        new ResourceHandle("account", other.handle(), false)))
                .isInstanceOf(AbiTrap.class)
                .hasMessageContaining("account")
                .hasMessageContaining("BankAccount");
        assertThat(bound.function(
                        "[method]account.missing", sig("[method]account.missing", null, new Param("self", BORROW))))
                .isNull();
        assertThat(bound.function(
                        "[constructor]ledger", sig("[constructor]ledger", new WitType.HandleType("ledger", true))))
                .isNull();
    }
}
