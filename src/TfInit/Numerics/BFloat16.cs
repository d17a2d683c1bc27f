using System.Globalization;

namespace TfInit.Numerics;

/// <summary>
/// The bfloat16 ("brain floating point") number: the upper 16 bits of an IEEE float32 (1 sign bit, 8 exponent bits,
/// 7 fraction bits), so it has float32's range (largest finite value 3.3895314e38) with about 2.4 significant digits.
/// It is the type of PyTorch's <c>torch.bfloat16</c>, Keras's <c>"bfloat16"</c> and ml_dtypes' <c>bfloat16</c>.
/// </summary>
/// <remarks>
/// Conversion from float32 rounds to nearest, ties to even, on the bit pattern as c10::BFloat16's
/// <c>round_to_nearest_even</c> does: bits' = (bits + 0x7FFF + ((bits &gt;&gt; 16) &amp; 1)) &gt;&gt; 16, which also
/// rounds subnormals correctly and overflows to infinity past 3.3961e38. Every NaN becomes the quiet NaN 0x7FC0, as in
/// c10::BFloat16 (PyTorch's vectorized CPU cast of a float32 tensor writes 0xFFFF instead, also a NaN). Conversion to
/// float32 is exact (the bits shifted back). Arithmetic is done by converting to <see cref="float"/>.
/// </remarks>
public readonly struct BFloat16 : IEquatable<BFloat16>, IComparable<BFloat16>, IFormattable
{
    private const ushort QuietNaNBits = 0x7FC0;

    private BFloat16(ushort bits) => RawValue = bits;

    /// <summary>The largest finite value, (2 - 2^-7) 2^127 = 3.3895314e38 (bits 0x7F7F).</summary>
    public static BFloat16 MaxValue => new(0x7F7F);

    /// <summary>The most negative finite value, -3.3895314e38 (bits 0xFF7F).</summary>
    public static BFloat16 MinValue => new(0xFF7F);

    /// <summary>The smallest positive value, the subnormal 2^-133 = 9.18355e-41 (bits 0x0001).</summary>
    public static BFloat16 Epsilon => new(0x0001);

    /// <summary>Positive infinity (bits 0x7F80).</summary>
    public static BFloat16 PositiveInfinity => new(0x7F80);

    /// <summary>Negative infinity (bits 0xFF80).</summary>
    public static BFloat16 NegativeInfinity => new(0xFF80);

    /// <summary>The quiet NaN every NaN converts to (bits 0x7FC0).</summary>
    public static BFloat16 NaN => new(QuietNaNBits);

    /// <summary>Zero (bits 0x0000).</summary>
    public static BFloat16 Zero => default;

    /// <summary>The bit pattern, as PyTorch's <c>tensor.view(torch.int16)</c> shows it (read as unsigned).</summary>
    public ushort RawValue { get; }

    /// <summary>The value with bit pattern <paramref name="bits"/>.</summary>
    /// <param name="bits">Sign, 8 exponent bits, 7 fraction bits.</param>
    /// <returns>The value.</returns>
    public static BFloat16 FromBits(ushort bits) => new(bits);

    /// <summary>Rounds a float32 to the nearest bfloat16, ties to even; NaN gives <see cref="NaN"/>.</summary>
    /// <param name="value">The float32.</param>
    /// <returns>The nearest bfloat16 (infinity beyond the range, as IEEE rounding gives).</returns>
    public static BFloat16 FromSingle(float value)
    {
        if (float.IsNaN(value))
        {
            return NaN;
        }

        uint bits = BitConverter.SingleToUInt32Bits(value);
        return new((ushort)((bits + 0x7FFFu + ((bits >> 16) & 1u)) >> 16));
    }

    /// <summary>Whether the value is a NaN (exponent all ones, fraction not zero).</summary>
    /// <param name="value">The value.</param>
    /// <returns>True for a NaN.</returns>
    public static bool IsNaN(BFloat16 value) => (value.RawValue & 0x7FFF) > 0x7F80;

    /// <summary>Whether the value is positive or negative infinity.</summary>
    /// <param name="value">The value.</param>
    /// <returns>True for an infinity.</returns>
    public static bool IsInfinity(BFloat16 value) => (value.RawValue & 0x7FFF) == 0x7F80;

    /// <summary>Whether the value is finite (neither infinite nor NaN).</summary>
    /// <param name="value">The value.</param>
    /// <returns>True for a finite value.</returns>
    public static bool IsFinite(BFloat16 value) => (value.RawValue & 0x7FFF) < 0x7F80;

    /// <summary>Rounds a float32 to the nearest bfloat16 (<see cref="FromSingle"/>).</summary>
    /// <param name="value">The float32.</param>
    public static explicit operator BFloat16(float value) => FromSingle(value);

    /// <summary>
    /// Rounds a double to float32 and that to bfloat16, as PyTorch (c10::BFloat16 takes a float) and Eigen/ml_dtypes
    /// convert a double: two roundings, which can differ from the bfloat16 nearest to the double in the last bit.
    /// </summary>
    /// <param name="value">The double.</param>
    public static explicit operator BFloat16(double value) => FromSingle((float)value);

    /// <summary>The exact float32 value (the bits shifted into float32's upper half).</summary>
    /// <param name="value">The bfloat16.</param>
    public static implicit operator float(BFloat16 value) => BitConverter.UInt32BitsToSingle((uint)value.RawValue << 16);

    /// <summary>The exact double value.</summary>
    /// <param name="value">The bfloat16.</param>
    public static implicit operator double(BFloat16 value) => (float)value;

    /// <summary>IEEE equality: NaN equals nothing, +0 equals -0.</summary>
    /// <param name="left">One value.</param>
    /// <param name="right">The other.</param>
    /// <returns>Whether they are equal numbers.</returns>
    public static bool operator ==(BFloat16 left, BFloat16 right) => (float)left == (float)right;

    /// <summary>IEEE inequality: true when either is NaN.</summary>
    /// <param name="left">One value.</param>
    /// <param name="right">The other.</param>
    /// <returns>Whether they are not equal numbers.</returns>
    public static bool operator !=(BFloat16 left, BFloat16 right) => !(left == right);

    /// <summary>IEEE less-than (false with a NaN).</summary>
    /// <param name="left">One value.</param>
    /// <param name="right">The other.</param>
    /// <returns>Whether left is less than right.</returns>
    public static bool operator <(BFloat16 left, BFloat16 right) => (float)left < (float)right;

    /// <summary>IEEE greater-than (false with a NaN).</summary>
    /// <param name="left">One value.</param>
    /// <param name="right">The other.</param>
    /// <returns>Whether left is greater than right.</returns>
    public static bool operator >(BFloat16 left, BFloat16 right) => (float)left > (float)right;

    /// <summary>IEEE less-or-equal (false with a NaN).</summary>
    /// <param name="left">One value.</param>
    /// <param name="right">The other.</param>
    /// <returns>Whether left is at most right.</returns>
    public static bool operator <=(BFloat16 left, BFloat16 right) => (float)left <= (float)right;

    /// <summary>IEEE greater-or-equal (false with a NaN).</summary>
    /// <param name="left">One value.</param>
    /// <param name="right">The other.</param>
    /// <returns>Whether left is at least right.</returns>
    public static bool operator >=(BFloat16 left, BFloat16 right) => (float)left >= (float)right;

    /// <summary>Equality as <see cref="float.Equals(float)"/> defines it: NaN equals NaN, +0 equals -0.</summary>
    /// <param name="other">The other value.</param>
    /// <returns>Whether the values are the same number (or both NaN).</returns>
    public bool Equals(BFloat16 other) => ((float)this).Equals((float)other);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is BFloat16 other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => ((float)this).GetHashCode();

    /// <summary>Orders as <see cref="float.CompareTo(float)"/>: NaN first, then by value.</summary>
    /// <param name="other">The other value.</param>
    /// <returns>Negative, zero or positive.</returns>
    public int CompareTo(BFloat16 other) => ((float)this).CompareTo((float)other);

    /// <summary>
    /// The shortest decimal text that converts back (through <see cref="double"/>, as <c>(BFloat16)double.Parse(s)</c>)
    /// to the same value, in the invariant culture: <c>0.1</c> for the bfloat16 nearest 0.1 (exactly 0.10009765625),
    /// as numpy prints a float16 and .NET a Half.
    /// </summary>
    /// <returns>The text; <c>NaN</c>, <c>Infinity</c> or <c>-Infinity</c> for those.</returns>
    public override string ToString() => ToString(null, CultureInfo.InvariantCulture);

    /// <summary>
    /// Formats the value: with a null, empty or <c>R</c> format the shortest round-trip text (see <see cref="ToString()"/>),
    /// otherwise the float32 value with that .NET numeric format.
    /// </summary>
    /// <param name="format">A .NET numeric format string, or null.</param>
    /// <param name="formatProvider">The culture; null for the current one.</param>
    /// <returns>The text.</returns>
    public string ToString(string? format, IFormatProvider? formatProvider)
    {
        float value = this;
        if (!string.IsNullOrEmpty(format) && format is not ("R" or "r"))
        {
            return value.ToString(format, formatProvider);
        }

        if (!float.IsFinite(value))
        {
            return value.ToString(formatProvider);
        }

        // The fewest significant digits that still read back as this value, printed as float32's shortest text of that
        // rounded decimal (10, not 1E+01); float32's own shortest text (9 digits at most) always reads back.
        for (int digits = 1; digits < 9; digits++)
        {
            string rounded = value.ToString("E" + (digits - 1).ToString(CultureInfo.InvariantCulture), formatProvider);
            string text = ((float)double.Parse(rounded, NumberStyles.Float, formatProvider)).ToString(formatProvider);
            if (double.TryParse(text, NumberStyles.Float, formatProvider, out double parsed) && ((BFloat16)parsed).RawValue == RawValue)
            {
                return text;
            }
        }

        return value.ToString("R", formatProvider);
    }
}
