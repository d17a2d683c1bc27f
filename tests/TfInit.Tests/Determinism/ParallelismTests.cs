using TfInit.Initializers;

namespace TfInit.Tests.Determinism;

/// <summary>The process-wide thread limit: checked, and without effect on values.</summary>
[Collection(ParallelismCollection.Name)]
public sealed class ParallelismTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(-2)]
    [InlineData(int.MinValue)]
    public void RejectsCountsThatAreNotThreads(int value)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Parallelism.MaxDegreeOfParallelism = value);
        Assert.Equal("MaxDegreeOfParallelism", error.ParamName);
        Assert.Contains("-1 (all cores)", error.Message);
        Assert.Equal(-1, Parallelism.MaxDegreeOfParallelism);
    }

    [Fact]
    public void OneThreadGivesTheSameValuesAsAllCores()
    {
        // Large enough for the parallel path (more than four 2^16-element chunks) and for the threaded QR.
        int[] dense = [1024, 640];
        var initializers = new Initializer[] { new HeNormal(seed: 3), new GlorotUniform(seed: 3), new Orthogonal(seed: 3) };
        var all = initializers.Select(i => i.GenerateSingle(dense)).ToList();
        try
        {
            Parallelism.MaxDegreeOfParallelism = 1;
            Assert.Equal(1, Parallelism.MaxDegreeOfParallelism);
            for (int k = 0; k < initializers.Length; k++)
            {
                Assert.Equal(all[k], initializers[k].GenerateSingle(dense));
            }
        }
        finally
        {
            Parallelism.MaxDegreeOfParallelism = -1;
        }
    }
}

/// <summary>Tests that change the process-wide thread limit run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ParallelismCollection
{
    /// <summary>The collection name.</summary>
    public const string Name = "Parallelism";
}
