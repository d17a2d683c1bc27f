using System.Globalization;
using TfInit.Initializers;
using TfInit.Random;
using TfInit.Tests.Support;

namespace TfInit.Tests.Parity;

/// <summary>
/// Half-precision fills equal numpy's <c>astype(np.float16)</c>, run by real numpy: the tutorial's He recipe on the
/// NumPy stream, and doubles chosen where rounding through float32 first would give another Half.
/// </summary>
public sealed class Float16ParityTests
{
    [Fact]
    public void HeRecipeMatchesNumPyAsTypeFloat16()
    {
        const string script = """
            import numpy as np
            np.random.seed(7)
            w = (np.random.randn(64, 32) * np.sqrt(2 / 64)).astype(np.float16)
            print(' '.join(str(int(b)) for b in w.view(np.uint16).ravel()))
            """;
        ushort[] expected = PythonRunner.Run(script).Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(t => ushort.Parse(t, CultureInfo.InvariantCulture)).ToArray();
        Half[] actual = new RandomNormal(0.0, Math.Sqrt(2.0 / 64), seed: 7).GenerateHalf(new NumPyRandomState(7), 64, 32);
        Bits.Equal(expected.Select(BitConverter.UInt16BitsToHalf).ToArray(), actual, "np.random.randn(64, 32) * sqrt(2/64) as float16");
    }

    [Theory]
    [InlineData(1.0 + (1.0 / 2048) + (1.0 / (1L << 40)))] // just above a tie: through float32 it becomes the tie, then rounds down
    [InlineData(1.0 + (1.0 / 2048))] // an exact tie: to even
    [InlineData(1.0 + (3.0 / 2048))] // an exact tie: to even, upwards
    [InlineData(65504.0)] // the largest Half
    [InlineData(65519.99)] // still rounds down to it
    [InlineData(5.960464477539063e-08)] // the smallest subnormal
    [InlineData(2.9802322387695312e-08)] // half of it: a tie, to zero
    [InlineData(-3.0e-08)] // rounds to the smallest negative subnormal
    [InlineData(-0.0)]
    [InlineData(0.1)]
    public void ConstantRoundsOnceLikeNumPy(double value)
    {
        string script = $"import numpy as np; print(int(np.array([float('{value.ToString("R", CultureInfo.InvariantCulture)}')]).astype(np.float16).view(np.uint16)[0]))";
        ushort expected = ushort.Parse(PythonRunner.Run(script).Trim(), CultureInfo.InvariantCulture);
        Half actual = new Constant(value).GenerateHalf(1)[0];
        Assert.Equal(expected, BitConverter.HalfToUInt16Bits(actual));
    }

    [Theory]
    [InlineData(65520.0)]
    [InlineData(-1e6)]
    public void ValuesBeyondHalfAreRefusedNotMadeInfinite(double value)
    {
        var error = Assert.Throws<ArgumentException>(() => new Constant(value).GenerateHalf(3));
        Assert.Equal("destination", error.ParamName);
        Assert.Contains("65504", error.Message);
    }
}
