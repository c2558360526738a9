package ai.wippy.lua;

import org.luaj.vm2.Lua;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Prototype;
import org.luaj.vm2.UpValue;
import org.luaj.vm2.Varargs;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Writes the class of one Lua prototype: a {@link LuaCompiledClosure} whose {@code run} is the
 * prototype's instructions in order, and jumps where the instructions jump (no dispatch loop). The
 * common instructions are written out: the loads and stores of registers, constants and upvalues
 * around the {@code LuaValue} method the interpreter calls for them ({@code add}, {@code get},
 * {@code call}...), each call site with a type profile of its own for the JIT; the others call their
 * {@link LuaOps} operation with the instruction word as a constant. What the
 * interpreter's debug hook does per instruction is emitted where it matters, so {@link LuaGuard}
 * keeps its exact behaviour: the tick count added once per basic block (with the checkpoint every
 * 128 instructions), the watched instructions' checkpoint or memory charge before them, and the pc
 * reported before every instruction that can fail or call out (for error lines, tracebacks and the
 * frames it calls).
 *
 * <p>A prototype the generator does not take (LOADKX, which LuaJ's interpreter does not run either,
 * an unknown opcode, a jump out of the code, a body over the JVM's 64 KiB method limit) throws
 * {@link Unsupported}; {@link LuaCompiled} then leaves it to the interpreter.
 *
 * <p>Longer than 500 lines for a reason: it is one switch over LuaJ's 38 opcodes, each arm the
 * bytecode of one instruction, with the block and pc bookkeeping they share; split up, an arm would
 * be read away from the helpers that say what its bytecode means.
 */
final class LuaCodegen {

    /** Why a prototype stays interpreted. */
    static final class Unsupported extends Exception {
        Unsupported(String message) {
            super(message, null, false, false);
        }
    }

    static final String NAME = "ai/wippy/lua/LuaCompiledChunk";
    private static final String BASE = Type.getInternalName(LuaCompiledClosure.class);
    private static final String OPS = Type.getInternalName(LuaOps.class);
    private static final String GUARD = Type.getInternalName(LuaGuard.class);
    private static final String VALUE = Type.getDescriptor(LuaValue.class);
    private static final String VALUES = Type.getDescriptor(LuaValue[].class);
    private static final String UPVALUES = Type.getDescriptor(UpValue[].class);
    private static final String VARARGS = Type.getDescriptor(Varargs.class);

    // locals of run(stack, varargs, openups, g)
    private static final int STACK = 1;
    private static final int VARARG = 2;
    private static final int OPEN = 3;
    private static final int G = 4;
    private static final int K = 5;
    private static final int UP = 6;
    private static final int V = 7;
    private static final int TOP = 8;
    private static final int IDX = 9;
    /** An int scratch local of the integer loops, then four ints per one of them (see {@link #intLoops}). */
    private static final int SUM = 10;

    private static final int LOOPS = 11;
    /** The most numeric for loops of one prototype that get Java int locals; the others stay boxed. */
    private static final int MAX_INT_LOOPS = 64;

    private static final String UPVALUE = "org/luaj/vm2/UpValue";
    private static final String INTEGER = "org/luaj/vm2/LuaInteger";
    private static final String MODULE_TABLE = Type.getInternalName(LuaModuleTable.class);
    /** LuaValue's methods for ADD, SUB, MUL, DIV, MOD and POW, in opcode order. */
    private static final String[] ARITH = {"add", "sub", "mul", "div", "mod", "pow"};

    private final Prototype p;
    private final int[] code;
    private final MethodVisitor mv;
    private final Label[] labels;
    /**
     * Per pc of a FORPREP or its FORLOOP, the number of its loop's int locals (from 0), or -1; and
     * per loop, whether its body may read the loop variable R(A+3).
     */
    private final int[] loopOf;

    private boolean[] readsVar = new boolean[0];

    private LuaCodegen(Prototype p, MethodVisitor mv) {
        this.p = p;
        this.code = p.code;
        this.mv = mv;
        this.labels = new Label[code.length + 2];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = new Label();
        }
        this.loopOf = new int[code.length];
        java.util.Arrays.fill(loopOf, -1);
    }

    /**
     * A prototype's class file, and for each pc how many instructions of its basic block follow it
     * (counted on entry to the block, given back when an error leaves the block there).
     */
    record Output(byte[] bytes, int[] rest) {}

    /** The class file of {@code p}'s compiled closure. */
    static Output generate(Prototype p) throws Unsupported {
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS) {
            @Override
            protected String getCommonSuperClass(String a, String b) {
                // every local keeps one type (v is always stored as a Varargs); no merge needs the hierarchy
                return "java/lang/Object";
            }
        };
        cw.visit(Opcodes.V17, Opcodes.ACC_FINAL | Opcodes.ACC_SUPER, NAME, null, BASE, null);
        if (p.source != null) {
            cw.visitSource(p.source.tojstring(), null);
        }
        String init = "(Lorg/luaj/vm2/Prototype;" + VALUE + "Lai/wippy/lua/LuaCompiled;)V";
        MethodVisitor ctor = cw.visitMethod(0, "<init>", init, null, null);
        ctor.visitCode();
        for (int local = 0; local <= 3; local++) { // this, prototype, env, unit: straight to the base class
            ctor.visitVarInsn(Opcodes.ALOAD, local);
        }
        ctor.visitMethodInsn(Opcodes.INVOKESPECIAL, BASE, "<init>", init, false);
        ctor.visitInsn(Opcodes.RETURN);
        ctor.visitMaxs(0, 0);
        ctor.visitEnd();
        MethodVisitor run = cw.visitMethod(
                Opcodes.ACC_PROTECTED | Opcodes.ACC_FINAL,
                "run",
                "(" + VALUES + VARARGS + UPVALUES + "L" + GUARD + ";)" + VARARGS,
                null,
                null);
        run.visitCode();
        LuaCodegen gen = new LuaCodegen(p, run);
        int[] rest = gen.body();
        run.visitMaxs(0, 0);
        run.visitEnd();
        cw.visitEnd();
        try {
            return new Output(cw.toByteArray(), rest);
        } catch (RuntimeException e) { // ASM's MethodTooLargeException and the like
            throw new Unsupported(e.toString());
        }
    }

    private int[] body() throws Unsupported {
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        mv.visitFieldInsn(Opcodes.GETFIELD, BASE, "k", VALUES);
        mv.visitVarInsn(Opcodes.ASTORE, K);
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        mv.visitFieldInsn(Opcodes.GETFIELD, "org/luaj/vm2/LuaClosure", "upValues", UPVALUES);
        mv.visitVarInsn(Opcodes.ASTORE, UP);
        none();
        mv.visitInsn(Opcodes.ICONST_0);
        mv.visitVarInsn(Opcodes.ISTORE, TOP);
        boolean[] leader = new boolean[code.length + 1];
        boolean[] extra = new boolean[code.length + 1];
        leaders(leader, extra);
        int loops = intLoops();
        for (int local = SUM; local < LOOPS + 4 * loops; local++) {
            mv.visitInsn(Opcodes.ICONST_0);
            mv.visitVarInsn(Opcodes.ISTORE, local);
        }
        int[] rest = new int[code.length];
        for (int pc = code.length - 1, after = 0; pc >= 0; pc--) {
            rest[pc] = after;
            after = leader[pc] ? 0 : after + (extra[pc] ? 0 : 1);
        }
        for (int pc = 0; pc < code.length; pc++) {
            if (extra[pc]) {
                continue; // SETLIST's EXTRAARG: read with it, never run on its own
            }
            mv.visitLabel(labels[pc]);
            if (p.lineinfo != null && pc < p.lineinfo.length) {
                mv.visitLineNumber(p.lineinfo[pc], labels[pc]);
            }
            if (leader[pc]) {
                int n = 0;
                for (int q = pc; q < code.length && (q == pc || !leader[q]); q++) {
                    n += extra[q] ? 0 : 1;
                }
                mv.visitVarInsn(Opcodes.ALOAD, G);
                push(n);
                mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, GUARD, "ticks", "(I)V", false);
            }
            instruction(pc, code[pc]);
        }
        // the last instruction is a RETURN; code after it would be unreachable
        mv.visitLabel(labels[code.length]);
        mv.visitTypeInsn(Opcodes.NEW, "java/lang/IllegalStateException");
        mv.visitInsn(Opcodes.DUP);
        mv.visitLdcInsn("ran past the end of " + p);
        mv.visitMethodInsn(
                Opcodes.INVOKESPECIAL, "java/lang/IllegalStateException", "<init>", "(Ljava/lang/String;)V", false);
        mv.visitInsn(Opcodes.ATHROW);
        return rest;
    }

    /** Marks the first instruction of every basic block, and SETLIST's EXTRAARG words. */
    private void leaders(boolean[] leader, boolean[] extra) throws Unsupported {
        leader[0] = true;
        for (int pc = 0; pc < code.length; pc++) {
            int i = code[pc];
            switch (i & 0x3f) {
                case Lua.OP_JMP, Lua.OP_FORLOOP, Lua.OP_FORPREP, Lua.OP_TFORLOOP -> {
                    leader[target(pc, i)] = true;
                    leader[pc + 1] = true;
                }
                case Lua.OP_EQ, Lua.OP_LT, Lua.OP_LE, Lua.OP_TEST, Lua.OP_TESTSET -> {
                    skip(pc);
                    leader[pc + 1] = true;
                    leader[pc + 2] = true;
                }
                case Lua.OP_LOADBOOL -> {
                    if (((i >> 14) & 0x1ff) != 0) {
                        skip(pc);
                        leader[pc + 1] = true;
                        leader[pc + 2] = true;
                    }
                }
                case Lua.OP_RETURN, Lua.OP_TAILCALL -> leader[pc + 1] = true;
                case Lua.OP_SETLIST -> {
                    if (((i >> 14) & 0x1ff) == 0) {
                        skip(pc);
                        extra[pc + 1] = true;
                    }
                }
                default -> {}
            }
        }
        for (int pc = 0; pc < code.length; pc++) {
            if (leader[pc] && extra[pc]) {
                throw new Unsupported("a jump into SETLIST's EXTRAARG at pc " + pc);
            }
        }
    }

    private void skip(int pc) throws Unsupported {
        if (pc + 2 > code.length) {
            throw new Unsupported("a skip past the end at pc " + pc);
        }
    }

    private int target(int pc, int i) throws Unsupported {
        int t = pc + 1 + (i >>> 14) - 0x1ffff;
        if (t < 0 || t >= code.length) {
            throw new Unsupported("a jump out of the code at pc " + pc);
        }
        return t;
    }

    private void instruction(int pc, int i) throws Unsupported {
        int op = i & 0x3f;
        int a = (i >> 6) & 0xff;
        int c = (i >> 14) & 0x1ff;
        int b = i >>> 23;
        switch (op) {
            case Lua.OP_MOVE -> store(a, () -> register(b));
            case Lua.OP_LOADK -> store(a, () -> constant(i >>> 14));
            case Lua.OP_LOADBOOL -> {
                op("loadbool", i, "(" + VALUES + "I)V", STACK);
                if (c != 0) {
                    mv.visitJumpInsn(Opcodes.GOTO, labels[pc + 2]);
                }
            }
            case Lua.OP_LOADNIL -> op("loadnil", i, "(" + VALUES + "I)V", STACK);
            case Lua.OP_GETUPVAL -> store(a, () -> upvalue(b));
            case Lua.OP_SETUPVAL -> {
                mv.visitVarInsn(Opcodes.ALOAD, UP);
                push(b);
                mv.visitInsn(Opcodes.AALOAD);
                register(a);
                mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, UPVALUE, "setValue", "(" + VALUE + ")V", false);
            }
            case Lua.OP_GETTABUP, Lua.OP_GETTABLE -> {
                at(pc);
                store(a, () -> {
                    if (op == Lua.OP_GETTABUP) {
                        upvalue(b);
                    } else {
                        register(b);
                    }
                    if (c > 0xff && p.k[c & 0xff] instanceof LuaString) {
                        field(c & 0xff);
                    } else {
                        rk(c);
                        value("get", "(" + VALUE + ")" + VALUE);
                    }
                });
            }
            case Lua.OP_SETTABUP -> {
                watched(pc, i);
                upvalue(a);
                rk(b);
                rk(c);
                value("set", "(" + VALUE + VALUE + ")V");
            }
            case Lua.OP_SETTABLE -> {
                watched(pc, i);
                register(a);
                rk(b);
                rk(c);
                value("set", "(" + VALUE + VALUE + ")V");
            }
            case Lua.OP_NEWTABLE -> {
                watched(pc, i);
                op("newtable", i, "(" + VALUES + "I)V", STACK);
            }
            case Lua.OP_SELF -> {
                at(pc);
                op("self", i, "(" + VALUES + VALUES + "I)V", STACK, K);
            }
            case Lua.OP_ADD, Lua.OP_SUB, Lua.OP_MUL, Lua.OP_DIV, Lua.OP_MOD, Lua.OP_POW -> {
                at(pc);
                store(a, () -> {
                    rk(b);
                    rk(c);
                    if (op == Lua.OP_ADD) {
                        add();
                    } else {
                        value(ARITH[op - Lua.OP_ADD], "(" + VALUE + ")" + VALUE);
                    }
                });
            }
            case Lua.OP_UNM, Lua.OP_NOT, Lua.OP_LEN -> {
                at(pc);
                store(a, () -> {
                    register(b);
                    value(op == Lua.OP_UNM ? "neg" : op == Lua.OP_NOT ? "not" : "len", "()" + VALUE);
                });
            }
            case Lua.OP_CONCAT -> {
                watched(pc, i);
                op("concat", i, "(" + VALUES + "I)V", STACK);
            }
            case Lua.OP_JMP -> {
                if (a > 0 && p.p.length > 0) {
                    mv.visitVarInsn(Opcodes.ALOAD, OPEN);
                    push(a - 1);
                    mv.visitMethodInsn(Opcodes.INVOKESTATIC, OPS, "close", "(" + UPVALUES + "I)V", false);
                }
                mv.visitJumpInsn(Opcodes.GOTO, labels[target(pc, i)]);
            }
            case Lua.OP_EQ, Lua.OP_LT, Lua.OP_LE -> {
                // skip the next instruction when the comparison is not A
                at(pc);
                rk(b);
                rk(c);
                value(op == Lua.OP_EQ ? "eq_b" : op == Lua.OP_LT ? "lt_b" : "lteq_b", "(" + VALUE + ")Z");
                mv.visitJumpInsn(a != 0 ? Opcodes.IFEQ : Opcodes.IFNE, labels[pc + 2]);
            }
            case Lua.OP_TEST -> {
                register(a);
                value("toboolean", "()Z");
                mv.visitJumpInsn(c != 0 ? Opcodes.IFEQ : Opcodes.IFNE, labels[pc + 2]);
            }
            case Lua.OP_TESTSET -> {
                op("testset", i, "(" + VALUES + "I)Z", STACK);
                mv.visitJumpInsn(Opcodes.IFNE, labels[pc + 2]);
            }
            case Lua.OP_CALL -> {
                checkpoint(pc);
                if (b >= 1 && b <= 4 && (c == 1 || c == 2)) {
                    // fixed arguments, none or one result: LuaValue.call(...) as the interpreter's fast cases
                    if (c == 2) {
                        mv.visitVarInsn(Opcodes.ALOAD, STACK);
                        push(a);
                    }
                    for (int r = a; r < a + b; r++) {
                        register(r);
                    }
                    value("call", "(" + VALUE.repeat(b - 1) + ")" + VALUE);
                    mv.visitInsn(c == 2 ? Opcodes.AASTORE : Opcodes.POP);
                } else {
                    invokeWithV("invoke", i);
                    mv.visitVarInsn(Opcodes.ASTORE, V);
                    if (c == 0) {
                        mv.visitVarInsn(Opcodes.ALOAD, V);
                        mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "org/luaj/vm2/Varargs", "narg", "()I", false);
                        push(a);
                        mv.visitInsn(Opcodes.IADD);
                        mv.visitVarInsn(Opcodes.ISTORE, TOP);
                    }
                }
            }
            case Lua.OP_TAILCALL -> {
                checkpoint(pc);
                invokeWithV("tailcall", i);
                mv.visitInsn(Opcodes.ARETURN);
            }
            case Lua.OP_RETURN -> {
                invokeWithV("ret", i);
                mv.visitInsn(Opcodes.ARETURN);
            }
            case Lua.OP_FORLOOP -> {
                Label exit = new Label();
                if (loopOf[pc] >= 0) {
                    intForloop(pc, i, a, exit);
                }
                // idx := R(A+2) + R(A); if (step > 0 ? idx <= limit : idx >= limit) { R(A) := R(A+3) := idx; jump }
                register(a + 2);
                register(a);
                add();
                mv.visitVarInsn(Opcodes.ASTORE, IDX);
                register(a + 2);
                mv.visitInsn(Opcodes.ICONST_0);
                value("gt_b", "(I)Z");
                Label down = new Label();
                Label test = new Label();
                mv.visitJumpInsn(Opcodes.IFEQ, down);
                mv.visitVarInsn(Opcodes.ALOAD, IDX);
                register(a + 1);
                value("lteq_b", "(" + VALUE + ")Z");
                mv.visitJumpInsn(Opcodes.GOTO, test);
                mv.visitLabel(down);
                mv.visitVarInsn(Opcodes.ALOAD, IDX);
                register(a + 1);
                value("gteq_b", "(" + VALUE + ")Z");
                mv.visitLabel(test);
                mv.visitJumpInsn(Opcodes.IFEQ, exit);
                store(a, () -> mv.visitVarInsn(Opcodes.ALOAD, IDX));
                store(a + 3, () -> mv.visitVarInsn(Opcodes.ALOAD, IDX));
                mv.visitJumpInsn(Opcodes.GOTO, labels[target(pc, i)]);
                mv.visitLabel(exit);
            }
            case Lua.OP_FORPREP -> {
                at(pc);
                op("forprep", i, "(" + VALUES + "I)V", STACK);
                if (loopOf[pc] >= 0) {
                    intForprep(loopOf[pc], a);
                }
                mv.visitJumpInsn(Opcodes.GOTO, labels[target(pc, i)]);
            }
            case Lua.OP_TFORCALL -> {
                at(pc);
                op("tforcall", i, "(" + VALUES + "I)V", STACK);
                none();
            }
            case Lua.OP_TFORLOOP -> {
                op("tforloop", i, "(" + VALUES + "I)Z", STACK);
                mv.visitJumpInsn(Opcodes.IFNE, labels[target(pc, i)]);
            }
            case Lua.OP_SETLIST -> {
                watched(pc, i);
                mv.visitVarInsn(Opcodes.ALOAD, STACK);
                push(i);
                push(c != 0 ? c : code[pc + 1]);
                mv.visitVarInsn(Opcodes.ALOAD, V);
                mv.visitVarInsn(Opcodes.ILOAD, TOP);
                mv.visitMethodInsn(Opcodes.INVOKESTATIC, OPS, "setlist", "(" + VALUES + "II" + VARARGS + "I)V", false);
            }
            case Lua.OP_CLOSURE -> {
                watched(pc, i);
                mv.visitVarInsn(Opcodes.ALOAD, 0);
                mv.visitVarInsn(Opcodes.ALOAD, STACK);
                mv.visitVarInsn(Opcodes.ALOAD, OPEN);
                push(i);
                mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, BASE, "closure", "(" + VALUES + UPVALUES + "I)V", false);
            }
            case Lua.OP_VARARG -> {
                if (i >>> 23 == 0) {
                    mv.visitVarInsn(Opcodes.ALOAD, VARARG);
                    mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "org/luaj/vm2/Varargs", "narg", "()I", false);
                    push(a);
                    mv.visitInsn(Opcodes.IADD);
                    mv.visitVarInsn(Opcodes.ISTORE, TOP);
                    mv.visitVarInsn(Opcodes.ALOAD, VARARG);
                    mv.visitVarInsn(Opcodes.ASTORE, V);
                } else {
                    op("vararg", i, "(" + VALUES + VARARGS + "I)V", STACK, VARARG);
                }
            }
            default -> throw new Unsupported("opcode " + op + " at pc " + pc);
        }
    }

    // --- numeric for loops of integers ------------------------------------------------------------
    //
    // A for loop whose start, limit and step are integers (LuaInteger) after FORPREP keeps its hidden
    // index, limit and step (R(A), R(A+1), R(A+2), which no Lua code can name) in Java int locals:
    // FORLOOP adds and compares ints, and writes the loop variable R(A+3) (as LuaInteger.valueOf)
    // only when the body may read it. Past the int range it goes on boxed, from R(A) written back, as
    // LuaJ's own loop does (LuaInteger.add turns to a double there). Any other loop runs boxed.

    /** Marks the for loops that get int locals (a FORPREP whose target is its FORLOOP); how many. */
    private int intLoops() throws Unsupported {
        int n = 0;
        java.util.List<Boolean> reads = new java.util.ArrayList<>();
        for (int pc = 0; pc < code.length && n < MAX_INT_LOOPS; pc++) {
            int i = code[pc];
            if ((i & 0x3f) != Lua.OP_FORPREP) {
                continue;
            }
            int q = target(pc, i);
            int a = (i >> 6) & 0xff;
            int l = code[q];
            if (q <= pc || (l & 0x3f) != Lua.OP_FORLOOP || ((l >> 6) & 0xff) != a || target(q, l) != pc + 1) {
                continue;
            }
            boolean reads3 = false;
            for (int b = pc + 1; b < q && !reads3; b++) {
                reads3 = mayRead(code[b], a + 3);
            }
            loopOf[pc] = n;
            loopOf[q] = n;
            reads.add(reads3);
            n++;
        }
        readsVar = new boolean[n];
        for (int k = 0; k < n; k++) {
            readsVar[k] = reads.get(k);
        }
        return n;
    }

    /** Whether instruction {@code i} may read register {@code r} (conservatively: true when unsure). */
    private boolean mayRead(int i, int r) {
        int a = (i >> 6) & 0xff;
        int c = (i >> 14) & 0x1ff;
        int b = i >>> 23;
        return switch (i & 0x3f) {
            case Lua.OP_LOADK,
                    Lua.OP_LOADBOOL,
                    Lua.OP_LOADNIL,
                    Lua.OP_GETUPVAL,
                    Lua.OP_NEWTABLE,
                    Lua.OP_JMP,
                    Lua.OP_VARARG,
                    Lua.OP_EXTRAARG -> false;
            case Lua.OP_MOVE, Lua.OP_UNM, Lua.OP_NOT, Lua.OP_LEN, Lua.OP_TESTSET -> b == r;
            case Lua.OP_GETTABUP -> c == r;
            case Lua.OP_GETTABLE, Lua.OP_SELF -> b == r || c == r;
            case Lua.OP_SETTABUP,
                    Lua.OP_ADD,
                    Lua.OP_SUB,
                    Lua.OP_MUL,
                    Lua.OP_DIV,
                    Lua.OP_MOD,
                    Lua.OP_POW,
                    Lua.OP_EQ,
                    Lua.OP_LT,
                    Lua.OP_LE -> b == r || c == r;
            case Lua.OP_SETTABLE -> a == r || b == r || c == r;
            case Lua.OP_SETUPVAL, Lua.OP_TEST -> a == r;
            case Lua.OP_CONCAT -> r >= b && r <= c;
            case Lua.OP_CALL, Lua.OP_TAILCALL -> b == 0 ? r >= a : r >= a && r < a + b;
            case Lua.OP_RETURN -> b == 0 ? r >= a : r >= a && r < a + b - 1;
            case Lua.OP_FORLOOP, Lua.OP_FORPREP, Lua.OP_TFORCALL -> r >= a && r <= a + 2;
            case Lua.OP_TFORLOOP -> r == a + 1;
            case Lua.OP_SETLIST -> b == 0 ? r >= a : r >= a && r <= a + b;
            case Lua.OP_CLOSURE -> {
                int bx = i >>> 14;
                if (bx >= p.p.length) {
                    yield true;
                }
                for (org.luaj.vm2.Upvaldesc u : p.p[bx].upvalues) {
                    if (u.instack && u.idx == r) {
                        yield true;
                    }
                }
                yield false;
            }
            default -> true;
        };
    }

    private static int idxLocal(int loop) {
        return LOOPS + 4 * loop;
    }

    /** After FORPREP: the loop's int mode (its fourth local) and, when on, its index, limit and step. */
    private void intForprep(int loop, int a) {
        int idx = idxLocal(loop);
        Label boxed = new Label();
        mv.visitVarInsn(Opcodes.ALOAD, STACK);
        push(a);
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, OPS, "ints", "(" + VALUES + "I)Z", false);
        mv.visitInsn(Opcodes.DUP);
        mv.visitVarInsn(Opcodes.ISTORE, idx + 3);
        mv.visitJumpInsn(Opcodes.IFEQ, boxed);
        for (int k = 0; k < 3; k++) {
            register(a + k);
            mv.visitTypeInsn(Opcodes.CHECKCAST, INTEGER);
            mv.visitFieldInsn(Opcodes.GETFIELD, INTEGER, "v", "I");
            mv.visitVarInsn(Opcodes.ISTORE, idx + k);
        }
        mv.visitLabel(boxed);
    }

    /** FORLOOP in int mode; falls through to the boxed FORLOOP when the mode is off (or turns off). */
    private void intForloop(int pc, int i, int a, Label exit) throws Unsupported {
        int loop = loopOf[pc];
        int idx = idxLocal(loop);
        Label boxed = new Label();
        Label fits = new Label();
        Label down = new Label();
        Label in = new Label();
        mv.visitVarInsn(Opcodes.ILOAD, idx + 3);
        mv.visitJumpInsn(Opcodes.IFEQ, boxed);
        mv.visitVarInsn(Opcodes.ILOAD, idx);
        mv.visitVarInsn(Opcodes.ILOAD, idx + 2);
        mv.visitInsn(Opcodes.IADD);
        mv.visitVarInsn(Opcodes.ISTORE, SUM);
        // overflow when idx and step have one sign and the sum the other
        mv.visitVarInsn(Opcodes.ILOAD, idx);
        mv.visitVarInsn(Opcodes.ILOAD, SUM);
        mv.visitInsn(Opcodes.IXOR);
        mv.visitVarInsn(Opcodes.ILOAD, idx + 2);
        mv.visitVarInsn(Opcodes.ILOAD, SUM);
        mv.visitInsn(Opcodes.IXOR);
        mv.visitInsn(Opcodes.IAND);
        mv.visitJumpInsn(Opcodes.IFGE, fits);
        // past the int range: R(A) := idx, and the boxed loop from here on
        store(a, () -> boxInt(idx));
        mv.visitInsn(Opcodes.ICONST_0);
        mv.visitVarInsn(Opcodes.ISTORE, idx + 3);
        mv.visitJumpInsn(Opcodes.GOTO, boxed);
        mv.visitLabel(fits);
        mv.visitVarInsn(Opcodes.ILOAD, SUM);
        mv.visitVarInsn(Opcodes.ISTORE, idx);
        mv.visitVarInsn(Opcodes.ILOAD, idx + 2);
        mv.visitJumpInsn(Opcodes.IFLE, down);
        mv.visitVarInsn(Opcodes.ILOAD, idx);
        mv.visitVarInsn(Opcodes.ILOAD, idx + 1);
        mv.visitJumpInsn(Opcodes.IF_ICMPGT, exit);
        mv.visitJumpInsn(Opcodes.GOTO, in);
        mv.visitLabel(down);
        mv.visitVarInsn(Opcodes.ILOAD, idx);
        mv.visitVarInsn(Opcodes.ILOAD, idx + 1);
        mv.visitJumpInsn(Opcodes.IF_ICMPLT, exit);
        mv.visitLabel(in);
        if (readsVar[loop]) {
            store(a + 3, () -> boxInt(idx));
        }
        mv.visitJumpInsn(Opcodes.GOTO, labels[target(pc, i)]);
        mv.visitLabel(boxed);
    }

    /** Pushes {@code LuaInteger.valueOf} of int local {@code local}. */
    private void boxInt(int local) {
        mv.visitVarInsn(Opcodes.ILOAD, local);
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, INTEGER, "valueOf", "(I)L" + INTEGER + ";", false);
    }

    /** {@code R(r) := } what {@code value} pushes. */
    private void store(int r, Runnable value) {
        mv.visitVarInsn(Opcodes.ALOAD, STACK);
        push(r);
        value.run();
        mv.visitInsn(Opcodes.AASTORE);
    }

    /** {@code LuaOps.add} of the two values pushed. */
    private void add() {
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, OPS, "add", "(" + VALUE + VALUE + ")" + VALUE, false);
    }

    /** Pushes register {@code r}. */
    private void register(int r) {
        mv.visitVarInsn(Opcodes.ALOAD, STACK);
        push(r);
        mv.visitInsn(Opcodes.AALOAD);
    }

    /** Pushes constant {@code n}. */
    private void constant(int n) {
        mv.visitVarInsn(Opcodes.ALOAD, K);
        push(n);
        mv.visitInsn(Opcodes.AALOAD);
    }

    /** Pushes RK(x): a constant when {@code x > 255}, else a register. */
    private void rk(int x) {
        if (x > 0xff) {
            constant(x & 0xff);
        } else {
            register(x);
        }
    }

    /**
     * {@code t[K(n)]} of the table pushed, for a string constant: a module's table ({@link
     * LuaModuleTable}) answers from the field it read last, any other value takes {@code get} at a
     * call site of its own.
     */
    private void field(int n) {
        Label other = new Label();
        Label done = new Label();
        mv.visitInsn(Opcodes.DUP);
        mv.visitTypeInsn(Opcodes.INSTANCEOF, MODULE_TABLE);
        mv.visitJumpInsn(Opcodes.IFEQ, other);
        mv.visitTypeInsn(Opcodes.CHECKCAST, MODULE_TABLE);
        constant(n);
        mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, MODULE_TABLE, "field", "(" + VALUE + ")" + VALUE, false);
        mv.visitJumpInsn(Opcodes.GOTO, done);
        mv.visitLabel(other);
        constant(n);
        value("get", "(" + VALUE + ")" + VALUE);
        mv.visitLabel(done);
    }

    /** Pushes the value of upvalue {@code n}. */
    private void upvalue(int n) {
        mv.visitVarInsn(Opcodes.ALOAD, UP);
        push(n);
        mv.visitInsn(Opcodes.AALOAD);
        mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, UPVALUE, "getValue", "()" + VALUE, false);
    }

    /** {@code LuaValue.name(...)} on the operands pushed. */
    private void value(String name, String descriptor) {
        mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "org/luaj/vm2/LuaValue", name, descriptor, false);
    }

    /** {@code LuaOps.name(locals..., i)}. */
    private void op(String name, int i, String descriptor, int... locals) {
        for (int l : locals) {
            mv.visitVarInsn(Opcodes.ALOAD, l);
        }
        push(i);
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, OPS, name, descriptor, false);
    }

    /** {@code LuaOps.name(stack, i, v, top)}, a Varargs left on the operand stack. */
    private void invokeWithV(String name, int i) {
        mv.visitVarInsn(Opcodes.ALOAD, STACK);
        push(i);
        mv.visitVarInsn(Opcodes.ALOAD, V);
        mv.visitVarInsn(Opcodes.ILOAD, TOP);
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, OPS, name, "(" + VALUES + "I" + VARARGS + "I)" + VARARGS, false);
    }

    /** Reports the pc to the guard: the instruction may fail or call out. */
    private void at(int pc) {
        mv.visitVarInsn(Opcodes.ALOAD, G);
        push(pc);
        mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, GUARD, "at", "(I)V", false);
    }

    /** A call: the pc, then the guard's checkpoint (what its hook does for a watched CALL or TAILCALL). */
    private void checkpoint(int pc) {
        at(pc);
        mv.visitVarInsn(Opcodes.ALOAD, G);
        mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, GUARD, "callCheckpoint", "()V", false);
    }

    /** A watched instruction (LuaGuard.WATCHED): the pc, then the guard's checkpoint or charge for it. */
    private void watched(int pc, int i) {
        at(pc);
        mv.visitVarInsn(Opcodes.ALOAD, G);
        push(i);
        mv.visitVarInsn(Opcodes.ILOAD, TOP);
        mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, GUARD, "watch", "(II)V", false);
    }

    /** {@code v := NONE}, typed as Varargs so every value of {@code v} has the one type. */
    private void none() {
        mv.visitFieldInsn(Opcodes.GETSTATIC, "org/luaj/vm2/LuaValue", "NONE", VALUE);
        mv.visitTypeInsn(Opcodes.CHECKCAST, "org/luaj/vm2/Varargs");
        mv.visitVarInsn(Opcodes.ASTORE, V);
    }

    private void push(int n) {
        if (n >= -1 && n <= 5) {
            mv.visitInsn(Opcodes.ICONST_0 + n);
        } else if (n >= Byte.MIN_VALUE && n <= Byte.MAX_VALUE) {
            mv.visitIntInsn(Opcodes.BIPUSH, n);
        } else if (n >= Short.MIN_VALUE && n <= Short.MAX_VALUE) {
            mv.visitIntInsn(Opcodes.SIPUSH, n);
        } else {
            mv.visitLdcInsn(n);
        }
    }
}
