using TfInit.Initializers;
using TfInit.Numerics;
using TfInit.Random;
using TfInit.Serialization;
using TfInit.Tests.Support;

namespace TfInit.Tests.Determinism;

/// <summary>
/// Keras 3 seed semantics for every random initializer: the same seed gives the same values across calls and
/// instances, and slice-by-slice filling reproduces the whole tensor; different seeds differ; a null seed is fixed
/// once per instance (stable across calls, different between instances) and stays null in the config.
/// </summary>
public sealed class SeedDeterminismTests
{
    public static TheoryData<string> RandomNames() => InitializerCatalog.Names(InitializerCatalog.Random);

    public static TheoryData<string> AllNames() => InitializerCatalog.Names(InitializerCatalog.All);

    [Fact]
    public void CatalogCoversEveryRandomClass()
    {
        string[] exported = typeof(RandomInitializer).Assembly.GetExportedTypes()
            .Where(t => t.IsSubclassOf(typeof(RandomInitializer)) && !t.IsAbstract)
            .Select(t => t.Name).Order(StringComparer.Ordinal).ToArray();
        string[] covered = InitializerCatalog.Random.Select(e => e.Create(1).GetType().Name).Distinct().Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(exported, covered);
    }

    [Theory]
    [MemberData(nameof(RandomNames))]
    public void SameSeedSameValuesAcrossCallsAndInstances(string name)
    {
        var entry = InitializerCatalog.Get(name);
        var first = entry.Create(42);
        double[] a = first.Generate(entry.Shape);
        double[] b = first.Generate(entry.Shape);
        double[] c = entry.Create(42).Generate(entry.Shape);
        Bits.Equal(a, b, $"{name}: second call");
        Bits.Equal(a, c, $"{name}: second instance");
        double[] floatDraws = FloatDraws.Of(first, entry.Shape);
        Bits.Equal(floatDraws.Select(v => (float)v).ToArray(), first.GenerateSingle(entry.Shape), $"{name}: float32 is the rounded float draws");
        Bits.Equal(a.Select(v => (Half)v).ToArray(), first.GenerateHalf(entry.Shape), $"{name}: float16 is the rounded float64");
        Bits.Equal(floatDraws.Select(v => BFloat16.FromSingle((float)v)).ToArray(), first.GenerateBFloat16(entry.Shape), $"{name}: bfloat16 is the rounded float32");
    }

    [Theory]
    [MemberData(nameof(RandomNames))]
    public void DifferentSeedsGiveDifferentValues(string name)
    {
        var entry = InitializerCatalog.Get(name);
        double[] a = entry.Create(1).Generate(entry.Shape);
        double[] b = entry.Create(2).Generate(entry.Shape);
        AssertUnrelated(a, b, name);
    }

    [Theory]
    [MemberData(nameof(AllNames))]
    public void SliceBySliceFillingReproducesTheWholeTensor(string name)
    {
        var entry = InitializerCatalog.Get(name);
        var initializer = entry.Create(7);
        double[] whole = initializer.Generate(entry.Shape);

        // Consecutive slices of random lengths (odd and even offsets alike), each filled on its own.
        var random = new System.Random(name.Length * 31);
        var pieces = new double[whole.Length];
        int offset = 0;
        while (offset < whole.Length)
        {
            int length = Math.Min(whole.Length - offset, random.Next(1, 40));
            initializer.FillSlice(pieces.AsSpan(offset, length), entry.Shape, offset);
            offset += length;
        }

        Bits.Equal(whole, pieces, $"{name}: slices");

        // And a few isolated slices at random offsets, from a fresh instance with the same seed.
        var other = entry.Create(7);
        for (int k = 0; k < 5; k++)
        {
            int start = random.Next(0, whole.Length);
            int length = random.Next(0, whole.Length - start + 1);
            var slice = new double[length];
            other.FillSlice(slice, entry.Shape, start);
            Bits.Equal(whole.AsSpan(start, length), slice, $"{name}: slice at {start} of {length}");
        }
    }

    [Theory]
    [MemberData(nameof(RandomNames))]
    public void NullSeedIsFixedPerInstanceAndStaysNullInTheConfig(string name)
    {
        var entry = InitializerCatalog.Get(name);
        var first = entry.Create(null);
        var second = entry.Create(null);

        Bits.Equal(first.Generate(entry.Shape), first.Generate(entry.Shape), $"{name}: unseeded instance, second call");
        AssertUnrelated(first.Generate(entry.Shape), second.Generate(entry.Shape), $"{name}: two unseeded instances");

        Assert.True(first.GetConfig().ContainsKey("seed"));
        Assert.Null(first.GetConfig()["seed"]);
        Assert.Null(((RandomInitializer)first).Seed);
        Assert.Contains("\"seed\":null", KerasJson.Serialize(first).Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(RandomNames))]
    public void AnExplicitStreamIsHonouredAndReplacesTheInstanceSeed(string name)
    {
        // TorchSharp ignores its generator argument; here the caller's stream decides the values.
        var entry = InitializerCatalog.Get(name);
        double[] a = entry.Create(1).Generate(new NumPyRandomState(9), entry.Shape);
        double[] b = entry.Create(2).Generate(new NumPyRandomState(9), entry.Shape);
        double[] c = entry.Create(1).Generate(new NumPyRandomState(10), entry.Shape);
        Bits.Equal(a, b, $"{name}: same stream seed, different instance seeds");
        AssertUnrelated(a, c, $"{name}: different stream seeds");
    }

    [Fact]
    public void OneNumPyStreamSharedByTwoFillsContinuesWhereTheFirstStopped()
    {
        // As in numpy: np.random.seed(3); a = randn(5) * 0.1; b = randn(7) * 0.1 draws from one stream.
        var normal = new RandomNormal(0.0, 0.1, seed: 0);
        var shared = new NumPyRandomState(3);
        double[] a = normal.Generate(shared, 5);
        double[] b = normal.Generate(shared, 7);
        double[] both = normal.Generate(new NumPyRandomState(3), 12);
        Bits.Equal(both, [.. a, .. b], "shared stream");
    }

    /// <summary>
    /// The two tensors differ, and among the positions where either is non-zero (structural zeros of Sparse and
    /// DeltaOrthogonal coincide by design) fewer than 1% are bit-identical.
    /// </summary>
    private static void AssertUnrelated(double[] a, double[] b, string label)
    {
        int relevant = 0;
        int same = 0;
        for (int i = 0; i < a.Length; i++)
        {
            if (a[i] != 0 || b[i] != 0)
            {
                relevant++;
                same += a[i] == b[i] ? 1 : 0;
            }
        }

        Assert.True(relevant > 0, $"{label}: both tensors are all zero");
        Assert.True(same <= relevant / 100, $"{label}: {same} of {relevant} non-zero positions are identical");
    }
}
