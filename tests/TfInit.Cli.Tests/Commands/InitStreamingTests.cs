using System.Globalization;
using System.Text.Json;
using TfInit.Initializers;
using TfInit.NumPy;
using TfInit.Serialization;
using TfInit.Tests.Support;

namespace TfInit.Cli.Tests.Commands;

/// <summary>
/// The whole-tensor <c>tfinit init ... -o FILE</c> and <c>--format stats</c> of element-wise initializers are made
/// chunk by chunk (1M elements a chunk). Their output must be what the in-memory fill gives: the .npy file byte for byte
/// the library's NpyFile.Write of Fill's values (numpy reads it), the statistics bit for bit Statistics.Of of the whole
/// array (so the printed digits are the same), on shapes of several chunks that do not end on a chunk boundary.
/// </summary>
public sealed class InitStreamingTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("tfinit-stream-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData("he_normal", "1500,1001", "float32")]
    [InlineData("glorot_uniform", "3,5,7,11,1031", "float32")]
    [InlineData("truncated_normal", "2100001", "float64")]
    [InlineData("""{"class_name": "Constant", "config": {"value": -0.25}}""", "1200,1000", "float32")]
    public void TheStreamedFileIsTheInMemoryFillByteForByte(string initializer, string shapeText, string dtype)
    {
        int[] shape = shapeText.Split(',').Select(int.Parse).ToArray();
        string streamed = Path.Combine(_directory, "streamed.npy");
        string inMemory = Path.Combine(_directory, "memory.npy");
        var init = Seeded(initializer);
        string[] seed = init is RandomInitializer ? ["--seed", "7"] : [];
        CliRunner.Ok(["init", initializer, "--shape", shapeText, .. seed, "--dtype", dtype, "-o", streamed]);
        if (dtype == "float32")
        {
            NpyFile.Write(inMemory, init.GenerateSingle(shape), shape);
        }
        else
        {
            NpyFile.Write(inMemory, init.Generate(shape), shape);
        }

        Assert.True(File.ReadAllBytes(streamed).AsSpan().SequenceEqual(File.ReadAllBytes(inMemory)), $"{initializer} {shapeText} {dtype}: the streamed file differs");
    }

    [Fact]
    public void NumPyLoadsAStreamedFile()
    {
        string path = Path.Combine(_directory, "w.npy");
        CliRunner.Ok("init", "he_normal", "--shape", "2049,1025", "--seed", "1", "-o", path);
        var expected = new HeNormal(seed: 1).GenerateSingle(2049, 1025);
        string result = PythonRunner.Run(
            """
            import sys, numpy as np
            w = np.load(sys.argv[1])
            print(w.dtype, w.shape, repr(float(w[0, 0])), repr(float(w[2048, 1024])), repr(float(w.astype(np.float64).sum())))
            """, path).Trim();
        double sum = expected.Sum(v => (double)v);
        string r(double v) => v.ToString("R", CultureInfo.InvariantCulture);
        // numpy's pairwise float64 sum and this sequential one agree to about 1e-12 relative (2M values of |x| < 0.3).
        var parts = result.Split(' ');
        Assert.Equal("float32 (2049, 1025)", $"{parts[0]} {parts[1]} {parts[2]}");
        Assert.Equal(r(expected[0]), parts[3]);
        Assert.Equal(r(expected[^1]), parts[4]);
        Assert.Equal(sum, double.Parse(parts[5], CultureInfo.InvariantCulture), 1e-9);
    }

    [Theory]
    [InlineData("he_normal", "784,256", "float32")]
    [InlineData("he_normal", "1500,1001", "float32")]
    [InlineData("glorot_uniform", "3,5,7,11,1031", "float32")]
    [InlineData("random_normal", "2100001", "float64")]
    [InlineData("""{"class_name": "RandomUniform", "config": {"minval": 1000, "maxval": 1000.5}}""", "1025,2047", "float64")]
    public void StreamedStatisticsPrintTheDigitsOfTheWholeArray(string initializer, string shapeText, string dtype)
    {
        int[] shape = shapeText.Split(',').Select(int.Parse).ToArray();
        using var json = JsonDocument.Parse(CliRunner.Ok("init", initializer, "--shape", shapeText, "--seed", "9", "--dtype", dtype, "--format", "stats"));
        var init = Seeded(initializer, 9);
        double[] values = dtype == "float32" ? [.. init.GenerateSingle(shape).Select(v => (double)v)] : init.Generate(shape);
        var expected = TfInit.Analysis.Statistics.Of(values);
        var root = json.RootElement;
        // Compared as printed: the shortest round-trip text of each double.
        Assert.Equal(Text(expected.Mean), root.GetProperty("mean").GetRawText());
        Assert.Equal(Text(expected.Std), root.GetProperty("std").GetRawText());
        Assert.Equal(Text(expected.Min), root.GetProperty("min").GetRawText());
        Assert.Equal(Text(expected.Max), root.GetProperty("max").GetRawText());
    }

    [Fact]
    public void AValueBeyondTheDtypeLeavesNoFile()
    {
        // stddev 1e38 keeps most float32 values finite, but draws beyond 3.4 sigma overflow: the chunked writer has
        // begun the file when it meets them, yet the refusal names the parameter and no file (not even a temporary) is left.
        string path = Path.Combine(_directory, "w.npy");
        var (code, output, error) = CliRunner.Run("init", """{"class_name": "RandomNormal", "config": {"stddev": 1e38, "seed": 2}}""", "--shape", "3000,1000", "-o", path);
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Contains("stddev=1E+38 is too large for float32", error, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(_directory));
    }

    private static Initializer Seeded(string initializer, long seed = 7)
    {
        var init = KerasJson.Deserialize(initializer);
        return init is RandomInitializer random ? random.WithSeed(seed) : init;
    }

    private static string Text(double value) => JsonSerializer.Serialize(value);
}
