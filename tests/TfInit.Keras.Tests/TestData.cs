using TfInit.Initializers;
using TorchSharp;
using static TorchSharp.torch;

namespace TfInit.Keras.Tests;

/// <summary>Small helpers to move data between C# arrays and TorchSharp tensors.</summary>
internal static class TestData
{
    /// <summary>A float32 tensor of <paramref name="shape"/> filled from N(mean, stddev) by the TfInit core (deterministic).</summary>
    public static Tensor Normal32(long seed, double stddev, params long[] shape)
    {
        int[] dims = shape.Select(d => (int)d).ToArray();
        return tensor(new RandomNormal(0.0, stddev, seed).GenerateSingle(dims), shape, ScalarType.Float32);
    }

    /// <summary>A float64 tensor of <paramref name="shape"/> filled from N(0, stddev).</summary>
    public static Tensor Normal64(long seed, double stddev, params long[] shape)
    {
        int[] dims = shape.Select(d => (int)d).ToArray();
        return tensor(new RandomNormal(0.0, stddev, seed).Generate(dims), shape, ScalarType.Float64);
    }

    /// <summary>The tensor's values as doubles, row-major.</summary>
    public static double[] Values(Tensor t)
    {
        using var d = t.detach().to_type(ScalarType.Float64).contiguous();
        return d.data<double>().ToArray();
    }

    /// <summary>A float32 tensor's values, row-major, without conversion.</summary>
    public static float[] Floats(Tensor t)
    {
        Assert.Equal(ScalarType.Float32, t.dtype);
        using var c = t.detach().contiguous();
        return c.data<float>().ToArray();
    }

    /// <summary>Asserts |expected - actual| &lt;= tolerance element by element, reporting the first failing index.</summary>
    public static void Close(IReadOnlyList<double> expected, IReadOnlyList<double> actual, double tolerance, string what = "")
    {
        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            double diff = Math.Abs(expected[i] - actual[i]);
            Assert.True(diff <= tolerance || (double.IsNaN(expected[i]) && double.IsNaN(actual[i])),
                $"{what}[{i}]: expected {expected[i]:R}, got {actual[i]:R} (|diff| {diff:E3} > {tolerance:E1})");
        }
    }

    /// <summary>Asserts two float arrays are equal bit for bit.</summary>
    public static void BitEqual(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(BitConverter.SingleToInt32Bits(expected[i]) == BitConverter.SingleToInt32Bits(actual[i]),
                $"[{i}]: expected {expected[i]:R}, got {actual[i]:R}");
        }
    }

    /// <summary>Asserts two double arrays are equal bit for bit.</summary>
    public static void BitEqual(double[] expected, double[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(BitConverter.DoubleToInt64Bits(expected[i]) == BitConverter.DoubleToInt64Bits(actual[i]),
                $"[{i}]: expected {expected[i]:R}, got {actual[i]:R}");
        }
    }
}
