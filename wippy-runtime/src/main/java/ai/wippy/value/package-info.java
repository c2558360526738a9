/**
 * Values that cross the boundary between hosts and guests. The canonical host representation of a
 * WIT value is: {@code bool} Boolean; {@code s8 u8 s16 u16 s32} Integer; {@code u32 s64} Long;
 * {@code u64} Long, or BigInteger above {@code Long.MAX_VALUE}; {@code f32} Float; {@code f64}
 * Double; {@code char} a one-code-point String; {@code string} String; {@code list<u8>} byte[];
 * other lists and tuples List; records Map keyed by WIT field names; enums String; flags
 * Set&lt;String&gt;; options null or the value; variants {@link ai.wippy.value.VariantValue};
 * results {@link ai.wippy.value.ResultValue}; resources {@link ai.wippy.value.ResourceHandle}.
 */
package ai.wippy.value;
