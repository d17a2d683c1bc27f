using TfInit.Numerics;

namespace TfInit.Tests.Support;

/// <summary>Bit-for-bit comparisons with a message that shows the first differing element.</summary>
internal static class Bits
{
    public static void Equal(ReadOnlySpan<double> expected, ReadOnlySpan<double> actual, string label) =>
        Equal(expected, actual, label, v => (ulong)BitConverter.DoubleToInt64Bits(v), "X16");

    public static void Equal(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, string label) =>
        Equal(expected, actual, label, v => BitConverter.SingleToUInt32Bits(v), "X8");

    public static void Equal(ReadOnlySpan<Half> expected, ReadOnlySpan<Half> actual, string label) =>
        Equal(expected, actual, label, v => BitConverter.HalfToUInt16Bits(v), "X4");

    public static void Equal(ReadOnlySpan<BFloat16> expected, ReadOnlySpan<BFloat16> actual, string label) =>
        Equal(expected, actual, label, v => v.RawValue, "X4");

    private static void Equal<T>(ReadOnlySpan<T> expected, ReadOnlySpan<T> actual, string label, Func<T, ulong> bits, string hex)
        where T : IFormattable
    {
        Assert.True(expected.Length == actual.Length, $"{label}: expected {expected.Length} values, got {actual.Length}.");
        for (int i = 0; i < expected.Length; i++)
        {
            ulong want = bits(expected[i]);
            ulong got = bits(actual[i]);
            if (want != got)
            {
                Assert.Fail($"{label}[{i}]: expected {expected[i].ToString("R", null)} (0x{want.ToString(hex)}) but got {actual[i].ToString("R", null)} (0x{got.ToString(hex)}).");
            }
        }
    }

    /// <summary>How many positions hold bit-identical values.</summary>
    public static int CountEqual(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        int n = 0;
        for (int i = 0; i < Math.Min(a.Length, b.Length); i++)
        {
            if (BitConverter.DoubleToInt64Bits(a[i]) == BitConverter.DoubleToInt64Bits(b[i]))
            {
                n++;
            }
        }

        return n;
    }
}
