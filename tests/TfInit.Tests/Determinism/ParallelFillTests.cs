using TfInit.Initializers;
using TfInit.Numerics;
using TfInit.Tests.Support;

namespace TfInit.Tests.Determinism;

/// <summary>
/// The core splits large element-wise fills across threads, each chunk opening the Philox stream at its own
/// offset. The values must not depend on that: a 2048 x 1024 fill (2^21 elements, far above the parallel
/// threshold of 4 * 2^16) equals the same tensor filled slice by slice on one thread (the same fill by a tfinit process
/// whose thread pool is limited to one or a few threads is in TfInit.Cli.Tests, ThreadCountTests).
/// </summary>
public sealed class ParallelFillTests
{
    private static readonly int[] LargeShape = [2048, 1024];

    /// <summary>
    /// 2048 x 1024 for the cheap draws; the truncated samplers (rejection, several Box-Muller pairs per value) use
    /// 1024 x 640 = 655360 elements, still ten chunks of the parallel path, to keep the suite fast. 4096 x 2048 (2^23
    /// elements) is the smallest float fill written with streaming stores.
    /// </summary>
    public static TheoryData<string, int, int> Cases() => new()
    {
        { "RandomNormal", 2048, 1024 },
        { "HeUniform", 4096, 2048 },
        { "RandomUniform", 2048, 1024 },
        { "HeUniform", 2048, 1024 },
        { "KaimingNormal", 2048, 1024 },
        { "TruncatedNormal", 1024, 640 },
        { "TruncNormal", 1024, 640 },
    };

    private static Initializer Create(string name) => name switch
    {
        "RandomNormal" => new RandomNormal(0.1, 0.2, seed: 77),
        "RandomUniform" => new RandomUniform(-0.3, 0.4, seed: 77),
        "TruncatedNormal" => new TruncatedNormal(0.0, 0.05, seed: 77),
        "HeUniform" => new HeUniform(seed: 77),
        "TruncNormal" => new TruncNormal(0.1, 0.5, -0.5, 1.0, seed: 77),
        "KaimingNormal" => new KaimingNormal(seed: 77),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void LargeFillEqualsSingleThreadedSliceBySliceFill(string name, int rows, int cols)
    {
        var initializer = Create(name);
        int[] shape = [rows, cols];
        int count = rows * cols;
        var whole = new double[count];
        initializer.Fill(whole, shape);

        // Slices of 100003 elements: odd, and not aligned with any power-of-two chunking.
        var sliced = new double[count];
        for (int offset = 0; offset < count; offset += 100_003)
        {
            initializer.FillSlice(sliced.AsSpan(offset, Math.Min(100_003, count - offset)), shape, offset);
        }

        Bits.Equal(sliced, whole, $"{name}: parallel fill vs slices");

        // float32 and bfloat16 round the float layout's draws: one whole single-threaded draw from an explicit stream,
        // float slices and the parallel fill must agree.
        double[] floatDraws = FloatDraws.Of(initializer, shape);
        var singles = new float[count];
        initializer.Fill(singles, shape);
        Bits.Equal(floatDraws.Select(v => (float)v).ToArray(), singles, $"{name}: float32 parallel fill");
        var singleSlices = new float[count];
        for (int offset = 0; offset < count; offset += 100_003)
        {
            initializer.FillSlice(singleSlices.AsSpan(offset, Math.Min(100_003, count - offset)), shape, offset);
        }

        Bits.Equal(singles, singleSlices, $"{name}: float32 slices");

        var halves = new Half[count];
        initializer.Fill(halves, shape);
        Bits.Equal(sliced.Select(v => (Half)v).ToArray(), halves, $"{name}: float16 parallel fill");

        var brains = new BFloat16[count];
        initializer.Fill(brains, shape);
        Bits.Equal(singles.Select(BFloat16.FromSingle).ToArray(), brains, $"{name}: bfloat16 parallel fill");
    }

    [Fact]
    public void ConcurrentFillsOfOneInstanceDoNotInterfere()
    {
        var initializer = Create("TruncatedNormal");
        double[] reference = initializer.Generate(300, 1000);
        var results = new double[4][];
        Parallel.For(0, results.Length, i => results[i] = initializer.Generate(300, 1000));
        foreach (double[] result in results)
        {
            Bits.Equal(reference, result, "concurrent Generate");
        }
    }
}
