package ai.wippy.spring.proxy;

import ai.wippy.runtime.FunctionHandle;
import ai.wippy.runtime.ScalarFunction;
import ai.wippy.wit.FunctionSignature;
import ai.wippy.wit.WitType;
import ai.wippy.wit.WitType.Primitive;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import org.springframework.asm.ClassWriter;
import org.springframework.asm.MethodVisitor;
import org.springframework.asm.Opcodes;
import org.springframework.asm.Type;
import org.springframework.core.NativeDetector;

/**
 * Proxy classes generated per {@code @WippyFunction} interface of a function whose signature is all
 * scalars: each abstract method whose Java types are the natural ones of the WIT scalars ({@code
 * int} for {@code s32}, {@code long} for {@code s64} and {@code u32}, {@code short}, {@code byte},
 * {@code boolean}, {@code float}, {@code double}; {@code void} without a result; up to four
 * parameters) calls the function's {@link ScalarFunction} with its primitives, no boxing and no
 * argument array. Every other method forwards to the JDK proxy of the interface, so behaviour
 * (Mono and future results, default methods, errors) stays the JDK proxy's. Hidden classes, defined
 * next to this one; in a native image, or when the interface is not public, the JDK proxy serves
 * alone.
 */
final class ScalarProxies {

    private static final String BASE = Type.getInternalName(ScalarProxyBase.class);
    private static final String SCALAR = Type.getInternalName(ScalarFunction.class);
    private static final String SCALAR_DESC = Type.getDescriptor(ScalarFunction.class);

    private ScalarProxies() {}

    /** Whether {@code type} as a Java parameter or result is the natural type of WIT scalar {@code wit}. */
    static boolean natural(Class<?> type, WitType wit) {
        if (wit == null) {
            return type == void.class;
        }
        if (!(wit instanceof Primitive p)) {
            return false;
        }
        return switch (p) {
            case S32 -> type == int.class;
            case S16 -> type == short.class;
            case S8 -> type == byte.class;
            case S64, U32 -> type == long.class;
            case BOOL -> type == boolean.class;
            case F32 -> type == float.class;
            case F64 -> type == double.class;
            default -> false;
        };
    }

    /** Whether method {@code m} calls the scalar entry in a generated class. */
    static boolean scalarMethod(Method m, FunctionSignature sig) {
        if (sig == null
                || m.getParameterCount() > 4
                || m.getParameterCount() != sig.params().size()) {
            return false;
        }
        Class<?>[] params = m.getParameterTypes();
        for (int i = 0; i < params.length; i++) {
            if (!natural(params[i], sig.params().get(i).type())) {
                return false;
            }
        }
        return natural(m.getReturnType(), sig.result());
    }

    /**
     * A generated proxy of {@code type}, or {@code null} when none applies (no method is scalar, the
     * interface is not public, a native image, or the class cannot be defined here). A scalar method
     * whose function changed its signature in an update calls through {@code delegate}, which
     * converts for the new one.
     */
    static <T> T create(Class<T> type, FunctionSignature sig, FunctionHandle handle, T delegate, String description) {
        if (sig == null || NativeDetector.inNativeImage() || !Modifier.isPublic(type.getModifiers())) {
            return null;
        }
        Method[] methods = type.getMethods();
        ScalarFunction[] scalars = new ScalarFunction[methods.length];
        boolean any = false;
        for (int i = 0; i < methods.length; i++) {
            Method m = methods[i];
            if (Modifier.isAbstract(m.getModifiers()) && scalarMethod(m, sig)) {
                scalars[i] = handle.scalar(args -> viaDelegate(delegate, m, args));
                any = true;
            }
        }
        if (!any) {
            return null;
        }
        try {
            byte[] bytes = generate(type, methods, scalars);
            Class<?> generated =
                    MethodHandles.lookup().defineHiddenClass(bytes, true).lookupClass();
            Object proxy = generated
                    .getConstructor(ScalarFunction[].class, Object.class, String.class)
                    .newInstance(scalars, delegate, description);
            return type.cast(proxy);
        } catch (ReflectiveOperationException | LinkageError e) {
            // The interface is not visible from here (another class loader): the JDK proxy serves.
            return null;
        }
    }

    /** A scalar method's call through the JDK proxy: its core values boxed as the Java types, the result back. */
    private static long viaDelegate(Object delegate, Method m, long[] args) {
        Class<?>[] types = m.getParameterTypes();
        Object[] boxed = new Object[types.length];
        for (int i = 0; i < types.length; i++) {
            long v = args[i];
            Class<?> t = types[i];
            boxed[i] = t == int.class
                    ? (Object) (int) v
                    : t == short.class
                            ? (Object) (short) v
                            : t == byte.class
                                    ? (Object) (byte) v
                                    : t == boolean.class
                                            ? (Object) (v != 0L)
                                            : t == float.class
                                                    ? (Object) ScalarFunction.asF32(v)
                                                    : t == double.class ? (Object) ScalarFunction.asF64(v) : (Object) v;
        }
        Object r;
        try {
            r = m.invoke(delegate, boxed);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
        return switch (r) {
            case null -> 0L;
            case Boolean b -> b ? 1L : 0L;
            case Float f -> ScalarFunction.f32(f);
            case Double d -> ScalarFunction.f64(d);
            case Number n -> n.longValue();
            default ->
                throw new IllegalStateException(
                        "unexpected result " + r.getClass().getName());
        };
    }

    private static byte[] generate(Class<?> type, Method[] methods, ScalarFunction[] scalars) {
        String self = Type.getInternalName(ScalarProxies.class) + "$" + type.getSimpleName();
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS);
        cw.visit(
                Opcodes.V17,
                Opcodes.ACC_PUBLIC | Opcodes.ACC_FINAL | Opcodes.ACC_SUPER,
                self,
                null,
                BASE,
                new String[] {Type.getInternalName(type)});
        String ctorDesc = "([" + SCALAR_DESC + "Ljava/lang/Object;Ljava/lang/String;)V";
        MethodVisitor ctor = cw.visitMethod(Opcodes.ACC_PUBLIC, "<init>", ctorDesc, null, null);
        ctor.visitCode();
        ctor.visitVarInsn(Opcodes.ALOAD, 0);
        ctor.visitVarInsn(Opcodes.ALOAD, 1);
        ctor.visitVarInsn(Opcodes.ALOAD, 2);
        ctor.visitVarInsn(Opcodes.ALOAD, 3);
        ctor.visitMethodInsn(Opcodes.INVOKESPECIAL, BASE, "<init>", ctorDesc, false);
        ctor.visitInsn(Opcodes.RETURN);
        ctor.visitMaxs(0, 0);
        ctor.visitEnd();
        for (int i = 0; i < methods.length; i++) {
            Method m = methods[i];
            if (!Modifier.isAbstract(m.getModifiers())) {
                continue; // default and static methods stay the interface's
            }
            MethodVisitor mv = cw.visitMethod(
                    Opcodes.ACC_PUBLIC | Opcodes.ACC_FINAL,
                    m.getName(),
                    Type.getMethodDescriptor(m),
                    null,
                    exceptions(m));
            mv.visitCode();
            if (scalars[i] != null) {
                scalarBody(mv, m, i);
            } else {
                forwardingBody(mv, m);
            }
            mv.visitMaxs(0, 0);
            mv.visitEnd();
        }
        cw.visitEnd();
        return cw.toByteArray();
    }

    private static String[] exceptions(Method m) {
        Class<?>[] thrown = m.getExceptionTypes();
        String[] out = new String[thrown.length];
        for (int i = 0; i < thrown.length; i++) {
            out[i] = Type.getInternalName(thrown[i]);
        }
        return out;
    }

    /** {@code return (R) scalars[index].call((long) a, (long) b...)}, floats as their bits. */
    private static void scalarBody(MethodVisitor mv, Method m, int index) {
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        mv.visitFieldInsn(Opcodes.GETFIELD, BASE, "scalars", "[" + SCALAR_DESC);
        mv.visitLdcInsn(index);
        mv.visitInsn(Opcodes.AALOAD);
        int slot = 1;
        for (Class<?> p : m.getParameterTypes()) {
            if (p == long.class) {
                mv.visitVarInsn(Opcodes.LLOAD, slot);
                slot += 2;
            } else if (p == double.class) {
                mv.visitVarInsn(Opcodes.DLOAD, slot);
                mv.visitMethodInsn(Opcodes.INVOKESTATIC, SCALAR, "f64", "(D)J", false);
                slot += 2;
            } else if (p == float.class) {
                mv.visitVarInsn(Opcodes.FLOAD, slot);
                mv.visitMethodInsn(Opcodes.INVOKESTATIC, SCALAR, "f32", "(F)J", false);
                slot++;
            } else {
                mv.visitVarInsn(Opcodes.ILOAD, slot); // int, short, byte, boolean (0 or 1)
                mv.visitInsn(Opcodes.I2L);
                slot++;
            }
        }
        mv.visitMethodInsn(
                Opcodes.INVOKEVIRTUAL, SCALAR, "call", "(" + "J".repeat(m.getParameterCount()) + ")J", false);
        Class<?> r = m.getReturnType();
        if (r == void.class) {
            mv.visitInsn(Opcodes.POP2);
            mv.visitInsn(Opcodes.RETURN);
        } else if (r == long.class) {
            mv.visitInsn(Opcodes.LRETURN);
        } else if (r == double.class) {
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, SCALAR, "asF64", "(J)D", false);
            mv.visitInsn(Opcodes.DRETURN);
        } else if (r == float.class) {
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, SCALAR, "asF32", "(J)F", false);
            mv.visitInsn(Opcodes.FRETURN);
        } else {
            mv.visitInsn(Opcodes.L2I); // normalized by the runtime: in range of short, byte, 0 or 1
            mv.visitInsn(Opcodes.IRETURN);
        }
    }

    /** {@code return ((Interface) delegate).m(args...)}: the JDK proxy's behaviour. */
    private static void forwardingBody(MethodVisitor mv, Method m) {
        String owner = Type.getInternalName(m.getDeclaringClass());
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        mv.visitFieldInsn(Opcodes.GETFIELD, BASE, "delegate", "Ljava/lang/Object;");
        mv.visitTypeInsn(Opcodes.CHECKCAST, owner);
        int slot = 1;
        for (Class<?> p : m.getParameterTypes()) {
            Type t = Type.getType(p);
            mv.visitVarInsn(t.getOpcode(Opcodes.ILOAD), slot);
            slot += t.getSize();
        }
        mv.visitMethodInsn(Opcodes.INVOKEINTERFACE, owner, m.getName(), Type.getMethodDescriptor(m), true);
        mv.visitInsn(Type.getType(m.getReturnType()).getOpcode(Opcodes.IRETURN));
    }
}
