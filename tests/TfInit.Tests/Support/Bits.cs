namespace TfInit.Tests.Support;

/// <summary>Bit-for-bit comparisons with a message that shows the first differing element.</summary>
internal static class Bits
{
    public static void Equal(ReadOnlySpan<double> expected, ReadOnlySpan<double> actual, string label)
    {
        Assert.True(expected.Length == actual.Length, $"{label}: expected {expected.Length} values, got {actual.Length}.");
        for (int i = 0; i < expected.Length; i++)
        {
            long want = BitConverter.DoubleToInt64Bits(expected[i]);
            long got = BitConverter.DoubleToInt64Bits(actual[i]);
            if (want != got)
            {
                Assert.Fail($"{label}[{i}]: expected {expected[i]:R} (0x{want:X16}) but got {actual[i]:R} (0x{got:X16}).");
            }
        }
    }

    public static void Equal(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, string label)
    {
        Assert.True(expected.Length == actual.Length, $"{label}: expected {expected.Length} values, got {actual.Length}.");
        for (int i = 0; i < expected.Length; i++)
        {
            int want = BitConverter.SingleToInt32Bits(expected[i]);
            int got = BitConverter.SingleToInt32Bits(actual[i]);
            if (want != got)
            {
                Assert.Fail($"{label}[{i}]: expected {expected[i]:R} (0x{want:X8}) but got {actual[i]:R} (0x{got:X8}).");
            }
        }
    }

    public static void Equal(ReadOnlySpan<Half> expected, ReadOnlySpan<Half> actual, string label)
    {
        Assert.True(expected.Length == actual.Length, $"{label}: expected {expected.Length} values, got {actual.Length}.");
        for (int i = 0; i < expected.Length; i++)
        {
            ushort want = BitConverter.HalfToUInt16Bits(expected[i]);
            ushort got = BitConverter.HalfToUInt16Bits(actual[i]);
            if (want != got)
            {
                Assert.Fail($"{label}[{i}]: expected {expected[i]} (0x{want:X4}) but got {actual[i]} (0x{got:X4}).");
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
