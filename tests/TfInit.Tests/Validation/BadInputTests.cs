using TfInit.Initializers;
using TfInit.Random;
using TfInit.Serialization;
using TfInit.Shapes;

namespace TfInit.Tests.Validation;

/// <summary>
/// Every bad input is an ArgumentException (or a subclass) whose ParamName or message names the parameter, and
/// whose message says what is allowed.
/// </summary>
public sealed class BadInputTests
{
    public static TheoryData<int[]> BadShapes() => new()
    {
        new[] { 0, 3 },
        new[] { 3, 0 },
        new[] { -1, 3 },
        new[] { 4, -7 },
        new[] { 65536, 65536 },            // 2^32 elements: more than a span holds
        new[] { 3, 3, 16384, 16384 },
        new[] { int.MaxValue, 2 },
    };

    [Theory]
    [MemberData(nameof(BadShapes))]
    public void ShapesWithZeroNegativeOrOverflowingDimensionsAreRefused(int[] shape)
    {
        foreach (Initializer initializer in new Initializer[] { new Zeros(), new HeNormal(1), new RandomUniform(seed: 1), new Orthogonal(seed: 1) })
        {
            var error = Assert.ThrowsAny<ArgumentException>(() => initializer.Fill(Span<double>.Empty, shape));
            Assert.Equal("shape", error.ParamName);
            Assert.Contains(Shape.Format(shape), error.Message, StringComparison.Ordinal);
            Assert.True(error.Message.Contains("positive", StringComparison.Ordinal) || error.Message.Contains("more than", StringComparison.Ordinal), error.Message);
        }

        // Fans need no span: a tensor past int.MaxValue elements has fans (its parts are filled with FillSlice/FillBlock).
        if (shape.All(d => d > 0))
        {
            Assert.Equal(shape[^2] * (double)shape[..^2].Aggregate(1L, (a, b) => a * b), Fans.Compute(shape).FanIn);
        }
        else
        {
            Assert.ThrowsAny<ArgumentException>(() => Fans.Compute(shape));
        }

        var parse = Assert.ThrowsAny<ArgumentException>(() => Shape.Parse(string.Join(",", shape)));
        Assert.Equal("shape", parse.ParamName);
    }

    [Theory]
    [InlineData("64,y")]
    [InlineData("64,-")]
    [InlineData("64;32")]
    [InlineData("1.5,2")]
    [InlineData("99999999999,2")]
    public void UnparsableShapeTextIsRefused(string text)
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => Shape.Parse(text));
        Assert.Equal("shape", error.ParamName);
        Assert.Contains("positive integers", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DestinationOfTheWrongLengthIsRefused()
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => new Ones().Fill(new double[5], [2, 3]));
        Assert.Equal("destination", error.ParamName);
        Assert.ThrowsAny<ArgumentException>(() => new HeNormal(1).Fill(new float[7], [2, 3]));
    }

    [Theory]
    [InlineData(-1L, 3)]
    [InlineData(0L, 7)]
    [InlineData(5L, 2)]
    public void SliceOutsideTheTensorIsRefused(long offset, int length)
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => new HeNormal(1).FillSlice(new double[length], [2, 3], offset));
        Assert.Equal("offset", error.ParamName);
    }

    [Theory]
    [InlineData(new int[0])]
    [InlineData(new[] { 5 })]
    public void OrthogonalNeedsRankTwoOrMore(int[] shape)
    {
        AssertRankError(() => new Orthogonal(seed: 1).Generate(shape), "at least 2");
    }

    [Theory]
    [InlineData(new[] { 4 })]
    [InlineData(new[] { 2, 2, 2 })]
    [InlineData(new int[0])]
    public void IdentityAndEyeNeedRankTwo(int[] shape)
    {
        AssertRankError(() => new Identity().Generate(shape), "exactly 2");
        AssertRankError(() => new Eye().Generate(shape), "exactly 2");
    }

    [Theory]
    [InlineData(new[] { 4, 4 })]
    [InlineData(new[] { 4 })]
    [InlineData(new[] { 1, 1, 1, 1, 1, 1 })]
    public void DiracNeedsRankThreeToFive(int[] shape)
    {
        AssertRankError(() => new Dirac().Generate(shape), "3 to 5");
    }

    [Theory]
    [InlineData(new[] { 4, 4 })]
    [InlineData(new[] { 1, 1, 1, 1, 2, 2 })]
    public void DeltaOrthogonalNeedsRankThreeToFive(int[] shape)
    {
        AssertRankError(() => new DeltaOrthogonal(seed: 1).Generate(shape), "3 to 5");
    }

    [Theory]
    [InlineData(new[] { 3, 3, 8 })]
    [InlineData(new[] { 16 })]
    public void SparseNeedsRankTwo(int[] shape)
    {
        AssertRankError(() => new Sparse(0.1, seed: 1).Generate(shape), "exactly 2");
    }

    [Theory]
    [InlineData(new[] { 7 })]
    [InlineData(new int[0])]
    public void PyTorchInitializersNeedRankTwoOrMore(int[] shape)
    {
        AssertRankError(() => new XavierUniform(seed: 1).Generate(shape), "at least 2");
        AssertRankError(() => new KaimingNormal(seed: 1).Generate(shape), "at least 2");
    }

    [Fact]
    public void ShapeErrorsAreArgumentExceptionsOnTheParallelPathToo()
    {
        // More than 4 * 2^16 elements take the multi-threaded path; the caller must still see the ArgumentException,
        // not an AggregateException from Parallel.For.
        AssertRankError(() => new XavierUniform(seed: 1).Generate(300_000), "at least 2");
        AssertRankError(() => new KaimingUniform(seed: 1).GenerateSingle(600_000), "at least 2");
        var axes = Assert.ThrowsAny<ArgumentException>(() => new VarianceScaling(seed: 1) { Axes = new FanAxes(5, 0) }.Generate(600, 600));
        Assert.Equal("inAxis", axes.ParamName);
    }

    [Fact]
    public void DiracGroupsMustDivideTheOutputChannels()
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => new Dirac(3).Generate(3, 3, 4, 8));
        Assert.Equal("shape", error.ParamName);
        Assert.Contains("groups", error.Message, StringComparison.Ordinal);
        var groups = Assert.ThrowsAny<ArgumentException>(() => new Dirac(0));
        Assert.Equal("groups", groups.ParamName);
    }

    [Fact]
    public void DeltaOrthogonalNeedsInputsAtMostOutputs()
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => new DeltaOrthogonal(seed: 1).Generate(3, 3, 16, 8));
        Assert.Equal("shape", error.ParamName);
        Assert.Contains("<=", error.Message, StringComparison.Ordinal);
    }

    public static TheoryData<double> BadStddevs() => new() { -1.0, -1e-300, double.NaN, double.PositiveInfinity, double.NegativeInfinity };

    [Theory]
    [MemberData(nameof(BadStddevs))]
    public void NegativeOrNonFiniteStddevIsRefused(double stddev)
    {
        AssertParam(() => new RandomNormal(stddev: stddev), "stddev", ">= 0");
        AssertParam(() => new TruncatedNormal(stddev: stddev), "stddev", ">= 0");
        AssertParam(() => new TruncNormal(std: stddev), "std", ">= 0");
        AssertParam(() => new Sparse(0.1, stddev), "std", ">= 0");
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void NonFiniteMeansBoundsAndGainsAreRefused(double value)
    {
        AssertParam(() => new RandomNormal(mean: value), "mean", "finite");
        AssertParam(() => new TruncatedNormal(mean: value), "mean", "finite");
        AssertParam(() => new RandomUniform(minval: value), "minval", "finite");
        AssertParam(() => new RandomUniform(maxval: value), "maxval", "finite");
        AssertParam(() => new TruncNormal(a: value), "a", "finite");
        AssertParam(() => new Constant(value), "value", "finite");
        AssertParam(() => new Identity(value), "gain", "finite");
        AssertParam(() => new Orthogonal(value), "gain", "finite");
        AssertParam(() => new DeltaOrthogonal(value), "scale", "finite");
        AssertParam(() => new XavierNormal(value), "gain", "> 0");
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void ScaleMustBePositive(double scale)
    {
        AssertParam(() => new VarianceScaling(scale), "scale", "> 0");
        AssertParam(() => new XavierUniform(scale), "gain", "> 0");
    }

    [Theory]
    [InlineData(0.1, 0.1)]
    [InlineData(0.2, -0.2)]
    public void MinvalMustBeBelowMaxval(double minval, double maxval)
    {
        AssertParam(() => new RandomUniform(minval, maxval), "maxval", "greater than minval");
        AssertParam(() => new TruncNormal(a: minval, b: maxval), "b", "greater than a");
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.0)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void SparsityMustLieInZeroToOne(double sparsity)
    {
        AssertParam(() => new Sparse(sparsity), "sparsity", "[0, 1)");
    }

    [Theory]
    [InlineData("fan_sum")]
    [InlineData("FAN_IN")]
    [InlineData("")]
    public void UnknownModeIsRefused(string mode)
    {
        var error = AssertParam(() => new VarianceScaling(mode: mode), "mode", "fan_in, fan_out, fan_avg");
        Assert.Contains($"'{mode}'", error.Message, StringComparison.Ordinal);
        AssertParam(() => new KaimingNormal(mode: mode), "mode", "fan_in, fan_out");
    }

    [Fact]
    public void KaimingTakesOnlyFanInOrFanOut()
    {
        AssertParam(() => new KaimingUniform(mode: "fan_avg"), "mode", "fan_in, fan_out");
    }

    [Theory]
    [InlineData("gamma")]
    [InlineData("truncated")]
    [InlineData("")]
    public void UnknownDistributionIsRefused(string distribution)
    {
        var error = AssertParam(() => new VarianceScaling(distribution: distribution), "distribution", "truncated_normal, untruncated_normal, uniform");
        Assert.Contains($"'{distribution}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownNonlinearityIsRefused()
    {
        AssertParam(() => new KaimingNormal(nonlinearity: "gelu"), "nonlinearity", "leaky_relu");
    }

    [Theory]
    [InlineData("{\"class_name\": ")]
    [InlineData("{\"class_name\": \"HeNormal\", \"config\": {\"seed\": 1,}}")]
    [InlineData("{class_name: 'HeNormal'}")]
    [InlineData("\"he_normal")]
    public void MalformedJsonIsRefused(string text)
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => KerasJson.Deserialize(text));
        Assert.Equal("nameOrJson", error.ParamName);
        Assert.Contains("malformed", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"config\": {}}", "class_name")]
    [InlineData("{\"class_name\": 3}", "class_name")]
    [InlineData("{\"class_name\": \"HeNormal\", \"config\": [1]}", "config")]
    [InlineData("{\"class_name\": \"HeNormal\", \"config\": {\"seed\": \"seven\"}}", "seed")]
    [InlineData("{\"class_name\": \"HeNormal\", \"config\": {\"seed\": 1.5}}", "seed")]
    [InlineData("{\"class_name\": \"RandomNormal\", \"config\": {\"stddev\": \"big\"}}", "stddev")]
    [InlineData("{\"class_name\": \"VarianceScaling\", \"config\": {\"mode\": 3}}", "mode")]
    [InlineData("{\"class_name\": \"VarianceScaling\", \"config\": {\"mode\": \"fan_sum\"}}", "mode")]
    [InlineData("{\"class_name\": \"VarianceScaling\", \"config\": {\"distribution\": \"gamma\"}}", "distribution")]
    [InlineData("{\"class_name\": \"VarianceScaling\", \"config\": {\"layout\": \"jax\"}}", "layout")]
    [InlineData("{\"class_name\": \"Sparse\", \"config\": {}}", "sparsity")]
    [InlineData("{\"class_name\": \"Pretrained\", \"config\": {}}", "path")]
    [InlineData("{\"class_name\": \"Dirac\", \"config\": {\"groups\": 1.5}}", "groups")]
    public void WellFormedJsonWithABadConfigIsRefused(string text, string name)
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => KerasJson.Deserialize(text));
        Assert.True(error.ParamName == name || error.Message.Contains(name, StringComparison.Ordinal),
            $"'{name}' neither ParamName ({error.ParamName}) nor in: {error.Message}");
    }

    [Theory]
    [InlineData("[1, 2]")]
    [InlineData("42")]
    public void TextThatIsNeitherANameNorAnObjectIsRefused(string text)
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => KerasJson.Deserialize(text));
        Assert.Contains("Valid names", error.Message, StringComparison.Ordinal);
        using var document = System.Text.Json.JsonDocument.Parse(text);
        var element = Assert.ThrowsAny<ArgumentException>(() => KerasJson.Read(document.RootElement));
        Assert.Contains("class_name", element.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-1L)]
    [InlineData(4294967296L)]
    [InlineData(long.MaxValue)]
    [InlineData(long.MinValue)]
    public void SeedOutsideZeroToTwoPow32MinusOneIsRefused(long seed)
    {
        foreach (Func<object> create in new Func<object>[]
        {
            () => new HeNormal(seed), () => new RandomNormal(seed: seed), () => new Orthogonal(seed: seed),
            () => new VarianceScaling(seed: seed), () => new Sparse(0.1, seed: seed), () => new NumPyRandomState(seed),
        })
        {
            var error = AssertParam(create, "seed", "4294967295");
            Assert.IsType<ArgumentOutOfRangeException>(error);
        }

        var json = Assert.ThrowsAny<ArgumentException>(() => KerasJson.Deserialize($"{{\"class_name\": \"HeNormal\", \"config\": {{\"seed\": {seed}}}}}"));
        Assert.Equal("seed", json.ParamName);
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(4294967295L)]
    public void SeedsAtTheEdgesAreAccepted(long seed)
    {
        Assert.Equal(6, new HeNormal(seed).Generate(2, 3).Length);
        Assert.Equal(seed, new HeNormal(seed).Seed);
    }

    [Fact]
    public void PretrainedFileProblemsAreArgumentErrors()
    {
        string directory = Directory.CreateTempSubdirectory("tfinit-bad-").FullName;
        try
        {
            var missing = Assert.ThrowsAny<ArgumentException>(() => new Pretrained(Path.Combine(directory, "none.npy")).Generate(2, 2));
            Assert.Equal("path", missing.ParamName);
            string path = Path.Combine(directory, "w.npy");
            TfInit.NumPy.NpyFile.Write(path, new double[6], [2, 3]);
            var shape = Assert.ThrowsAny<ArgumentException>(() => new Pretrained(path).Generate(3, 2));
            Assert.Equal("shape", shape.ParamName);
            Assert.Contains("(2, 3)", shape.Message, StringComparison.Ordinal);
            AssertParam(() => new Pretrained(Path.Combine(directory, "m.npz")), "key", "key");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static void AssertRankError(Action action, string allowed)
    {
        var error = Assert.ThrowsAny<ArgumentException>(action);
        Assert.Equal("shape", error.ParamName);
        Assert.Contains("rank", error.Message, StringComparison.Ordinal);
        Assert.Contains(allowed, error.Message, StringComparison.Ordinal);
    }

    private static ArgumentException AssertParam(Func<object> create, string name, string allowed)
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => create());
        Assert.True(error.ParamName == name, $"ParamName {error.ParamName}, expected {name}: {error.Message}");
        Assert.Contains(allowed, error.Message, StringComparison.Ordinal);
        return error;
    }
}
