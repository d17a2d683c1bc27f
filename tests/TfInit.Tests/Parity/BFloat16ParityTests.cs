using System.Globalization;
using TfInit.Initializers;
using TfInit.Numerics;
using TfInit.Tests.Support;

namespace TfInit.Tests.Parity;

/// <summary>
/// <see cref="BFloat16"/> rounds as PyTorch does, run live (Debian's python3-torch 1.13): float32 bit patterns cast
/// with <c>tensor.to(torch.bfloat16)</c>, doubles through <c>torch.tensor(..., dtype=torch.bfloat16)</c> (c10::BFloat16),
/// and initializer fills against torch's rounding of their own float32 values.
/// </summary>
public sealed class BFloat16ParityTests
{
    /// <summary>
    /// Hand-picked float32 bit patterns where rounding can go wrong: exact ties with an even and an odd upper half (to
    /// even), one ulp either side of a tie, subnormals and their ties, the smallest normal, the overflow boundary
    /// (0x7F7F8000 is a tie that rounds to infinity), infinities and signed zeros.
    /// </summary>
    private static readonly uint[] Traps =
    [
        0x3F808000, 0x3F818000, 0x3F807FFF, 0x3F808001, 0x3F818001, 0x3F817FFF, 0xBF808000, 0xBF818000,
        0x00000001, 0x00007FFF, 0x00008000, 0x00018000, 0x00008001, 0x0000FFFF, 0x007FFFFF, 0x00800000, 0x807F8000,
        0x7F7F7FFF, 0x7F7F8000, 0x7F7FFFFF, 0x7F7E8000, 0xFF7F8000, 0x7F800000, 0xFF800000, 0x00000000, 0x80000000,
        0x3DCCCCCD, 0x3F800000, 0x47800000, 0x477FFFFF,
    ];

    [Fact]
    public void FromSingleEqualsTorchCastBitForBit()
    {
        // 200,000 random bit patterns (every exponent, so ties, subnormals and huge values all occur) plus the traps.
        var random = new System.Random(20261202);
        var patterns = new List<uint>(Traps);
        while (patterns.Count < 200_000)
        {
            uint bits = (uint)random.NextInt64(0, 1L << 32);
            if (random.Next(4) == 0)
            {
                // A quarter are exact ties or one ulp around them, which random bits almost never hit.
                bits = (bits & 0xFFFF0000) | (uint)(0x8000 + random.Next(-1, 2));
            }

            if (!float.IsNaN(BitConverter.UInt32BitsToSingle(bits)))
            {
                patterns.Add(bits);
            }
        }

        string input = Path.GetTempFileName();
        string output = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(input, patterns.SelectMany(BitConverter.GetBytes).ToArray());
            PythonRunner.Run(
                "import sys, numpy as np, torch\n" +
                "x = torch.from_numpy(np.fromfile(sys.argv[1], dtype='<u4').view(np.float32))\n" +
                "x.to(torch.bfloat16).view(torch.int16).numpy().astype('<u2').tofile(sys.argv[2])\n",
                input, output);
            byte[] expected = File.ReadAllBytes(output);
            Assert.Equal(patterns.Count * 2, expected.Length);
            for (int i = 0; i < patterns.Count; i++)
            {
                ushort want = BitConverter.ToUInt16(expected, 2 * i);
                ushort got = BFloat16.FromSingle(BitConverter.UInt32BitsToSingle(patterns[i])).RawValue;
                Assert.True(want == got, $"float32 0x{patterns[i]:X8}: torch gives 0x{want:X4}, TfInit 0x{got:X4}.");
            }
        }
        finally
        {
            File.Delete(input);
            File.Delete(output);
        }
    }

    /// <summary>
    /// Doubles go to float32 first, as c10::BFloat16 (and Eigen's, so ml_dtypes') constructor does: 1 + 2^-8 + 2^-30 is
    /// above the bfloat16 tie 1 + 2^-8 as a double but is that tie as a float32, so it rounds down to 1 (to even). NaN,
    /// whatever its sign or payload, is c10's quiet NaN 0x7FC0.
    /// </summary>
    [Fact]
    public void FromDoubleEqualsTorchScalarConversion()
    {
        double[] values =
        [
            1.0 + (1.0 / 256) + Math.Pow(2, -30), 1.0 + (3.0 / 256) - Math.Pow(2, -40), 0.1, -0.1, 1.0 / 3, 3.3895313892515355e38,
            3.3961e38, 3.4028234663852886e38, 1e39, -1e39, 1e-40, 5e-45, 1e-46, -0.0, double.PositiveInfinity, double.NegativeInfinity,
            double.NaN, -double.NaN, BitConverter.Int64BitsToDouble(0x7FF0000000000001),
        ];
        // Each double goes over by its bits, so NaN payloads and signs arrive as they are.
        string literals = string.Join(", ", values.Select(v => $"struct.unpack('>d', bytes.fromhex('{BitConverter.DoubleToInt64Bits(v):X16}'))[0]"));
        string printed = PythonRunner.Run(
            $"import struct, torch\nprint(' '.join(str(int(b) & 0xFFFF) for b in torch.tensor([{literals}], dtype=torch.bfloat16).view(torch.int16).tolist()))\n");
        ushort[] expected = printed.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(t => ushort.Parse(t, CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(values.Length, expected.Length);
        for (int i = 0; i < values.Length; i++)
        {
            Assert.True(expected[i] == ((BFloat16)values[i]).RawValue, $"double {values[i]:R}: torch gives 0x{expected[i]:X4}, TfInit 0x{((BFloat16)values[i]).RawValue:X4}.");
        }
    }

    [Fact]
    public void EveryBitPatternWidensExactlyAndRoundTripsThroughItsText()
    {
        for (int bits = 0; bits <= ushort.MaxValue; bits++)
        {
            var value = BFloat16.FromBits((ushort)bits);
            float wide = value;
            Assert.Equal((uint)bits << 16, BitConverter.SingleToUInt32Bits(wide));
            if (BFloat16.IsNaN(value))
            {
                Assert.True(float.IsNaN(wide));
                Assert.Equal("NaN", value.ToString());
                continue;
            }

            Assert.Equal(bits, BFloat16.FromSingle(wide).RawValue);
            string text = value.ToString();
            Assert.True(((BFloat16)double.Parse(text, CultureInfo.InvariantCulture)).RawValue == bits, $"0x{bits:X4} prints as {text}, which reads back as another value.");
        }
    }

    [Fact]
    public void EqualityAndTextAreWhatAUserExpects()
    {
        var tenth = (BFloat16)0.1f;
        Assert.Equal("0.1", tenth.ToString());
        Assert.Equal("10000", ((BFloat16)9984f).ToString());
        Assert.Equal("1.01", ((BFloat16)1.0078125f).ToString());
        Assert.Equal(0.10009765625, (double)tenth);
        Assert.Equal("0.1001", tenth.ToString("F4", CultureInfo.InvariantCulture));
        Assert.Equal("3.39E+38", BFloat16.MaxValue.ToString());
        Assert.Equal("-0", ((BFloat16)(-0.0f)).ToString());
        Assert.Equal("Infinity", BFloat16.PositiveInfinity.ToString());
        Assert.True((BFloat16)0.0f == (BFloat16)(-0.0f));
        Assert.True(BFloat16.NaN != BFloat16.NaN);
        Assert.True(BFloat16.NaN.Equals(BFloat16.NaN));
        Assert.Equal(((BFloat16)0.0f).GetHashCode(), ((BFloat16)(-0.0f)).GetHashCode());
        Assert.True((BFloat16)1.0f < (BFloat16)1.01f);
        Assert.Equal((BFloat16)1.0f, (BFloat16)1.001f);
        Assert.True(BFloat16.IsFinite(BFloat16.MaxValue) && !BFloat16.IsFinite(BFloat16.NegativeInfinity) && BFloat16.IsInfinity(BFloat16.NegativeInfinity));
        Assert.Equal(9.183549615799121e-41, (double)BFloat16.Epsilon);
    }

    /// <summary>
    /// PyTorch fills a bfloat16 tensor by drawing in float32 and rounding: the He fill's bfloat16 values equal torch's
    /// cast of the same float32 values (written to disk by TfInit, read and cast by torch).
    /// </summary>
    [Fact]
    public void FillsEqualTorchsCastOfTheFloat32Fill()
    {
        var init = new HeNormal(seed: 5);
        float[] singles = init.GenerateSingle(256, 128);
        BFloat16[] brains = init.GenerateBFloat16(256, 128);
        string input = Path.GetTempFileName();
        string output = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(input, singles.SelectMany(BitConverter.GetBytes).ToArray());
            PythonRunner.Run(
                "import sys, numpy as np, torch\n" +
                "torch.from_numpy(np.fromfile(sys.argv[1], dtype='<f4')).to(torch.bfloat16).view(torch.int16).numpy().tofile(sys.argv[2])\n",
                input, output);
            byte[] expected = File.ReadAllBytes(output);
            Bits.Equal(Enumerable.Range(0, singles.Length).Select(i => BFloat16.FromBits(BitConverter.ToUInt16(expected, 2 * i))).ToArray(), brains, "HeNormal [256, 128] as bfloat16");
        }
        finally
        {
            File.Delete(input);
            File.Delete(output);
        }
    }

    [Theory]
    [InlineData(3.4e38)]
    [InlineData(-1e39)]
    public void ParametersThatOverflowBFloat16AreRefusedNamingThemAndTheRange(double value)
    {
        var error = Assert.Throws<ArgumentException>(() => new Constant(value).GenerateBFloat16(3));
        Assert.Equal("value", error.ParamName);
        Assert.Contains("too large for bfloat16", error.Message, StringComparison.Ordinal);
        Assert.Contains("3.3895314e38", error.Message, StringComparison.Ordinal);

        var normal = Assert.Throws<ArgumentException>(() => new RandomNormal(0.0, 3e38, seed: 1).GenerateBFloat16(4096));
        Assert.Equal("stddev", normal.ParamName);
    }

    [Fact]
    public void TheLargestBFloat16IsWritten()
    {
        Assert.Equal(BFloat16.MaxValue, new Constant(3.3895313892515355e38).GenerateBFloat16(2)[1]);
    }
}
