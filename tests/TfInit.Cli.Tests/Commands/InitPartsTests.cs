using System.Text.Json;
using TfInit.Initializers;
using TfInit.NumPy;
using TfInit.Tests.Support;

namespace TfInit.Cli.Tests.Commands;

/// <summary>
/// <c>tfinit init ... --shard K/N</c> and <c>--block OFFSETS:SIZES</c>: the parts' data concatenate to the bytes of
/// one fill, numpy reads them, JSON outputs record the full shape and offset, and bad parts are usage errors. The
/// npy of a part is written chunk by chunk.
/// </summary>
public sealed class InitPartsTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("tfinit-parts-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData("glorot_uniform", "float32")]
    [InlineData("he_normal", "float64")]
    [InlineData("truncated_normal", "float32")]
    [InlineData("lecun_normal", "float16")]
    [InlineData("glorot_normal", "bfloat16")]
    public void FourShardsConcatenateToTheBytesOfOneFill(string name, string dtype)
    {
        // 1001 rows: four shards of 251, 250, 250, 250 (TensorFlow puts the remainder first).
        string whole = Path.Combine(_directory, "whole.npy");
        int size = dtype switch { "float64" => 8, "float32" => 4, _ => 2 };
        InitDtypeTests.WriteNpy(["init", name, "--shape", "1001,37", "--seed", "3", "--dtype", dtype, "-o", whole], dtype);
        var wholeArray = NpyFile.Read(whole);
        using var concatenated = new MemoryStream();
        int[] rows = new int[4];
        for (int k = 0; k < 4; k++)
        {
            string path = Path.Combine(_directory, $"shard{k}.npy");
            InitDtypeTests.WriteNpy(["init", name, "--shape", "1001,37", "--seed", "3", "--dtype", dtype, "--shard", $"{k}/4", "-o", path], dtype);
            var shard = NpyFile.Read(path);
            rows[k] = shard.Shape[0];
            byte[] bytes = File.ReadAllBytes(path);
            concatenated.Write(bytes, bytes.Length - (shard.Shape[0] * 37 * size), shard.Shape[0] * 37 * size);
        }

        Assert.Equal([251, 250, 250, 250], rows);
        byte[] wholeBytes = File.ReadAllBytes(whole);
        int dataBytes = 1001 * 37 * size;
        Assert.True(wholeBytes.AsSpan(wholeBytes.Length - dataBytes).SequenceEqual(concatenated.ToArray()), $"{name} {dtype}: shards differ from the whole fill");
        Assert.Equal([1001, 37], wholeArray.Shape.ToArray());

        // The whole file holds the library's own fill.
        Assert.Equal(InitializerRegistryFill(name, dtype), wholeArray.ToArray());
    }

    [Fact]
    public void NumPyLoadsShardsAndBlocksWrittenChunkByChunk()
    {
        // A 36000 x 100 block holds more than one 4M-element chunk (its rows are written in several chunks).
        string whole = Path.Combine(_directory, "big.npy");
        string block = Path.Combine(_directory, "block.npy");
        CliRunner.Ok("init", "glorot_uniform", "--shape", "70000,130", "--seed", "5", "-o", whole);
        CliRunner.Ok("init", "glorot_uniform", "--shape", "70000,130", "--seed", "5", "--block", "33000,7:36000,100", "-o", block);
        string result = PythonRunner.Run(
            """
            import sys, numpy as np
            w = np.load(sys.argv[1]); b = np.load(sys.argv[2])
            print(w.dtype, w.shape, b.shape, bool(np.array_equal(w[33000:69000, 7:107], b)))
            """, whole, block).Trim();
        Assert.Equal("float32 (70000, 130) (36000, 100) True", result);
    }

    [Fact]
    public void JsonAndStatsOfABlockRecordTheFullShapeAndOffset()
    {
        using var whole = JsonDocument.Parse(CliRunner.Ok("init", "he_uniform", "--shape", "20,9", "--seed", "4", "--format", "json"));
        using var part = JsonDocument.Parse(CliRunner.Ok("init", "he_uniform", "--shape", "20,9", "--seed", "4", "--format", "json", "--block", "3,2:4,5"));
        Assert.Equal("[4,5]", part.RootElement.GetProperty("shape").GetRawText());
        Assert.Equal("[20,9]", part.RootElement.GetProperty("full_shape").GetRawText());
        Assert.Equal("[3,2]", part.RootElement.GetProperty("offset").GetRawText());
        var all = whole.RootElement.GetProperty("values").EnumerateArray().Select(v => v.GetSingle()).ToArray();
        var values = part.RootElement.GetProperty("values").EnumerateArray().Select(v => v.GetSingle()).ToArray();
        for (int r = 0; r < 4; r++)
        {
            for (int c = 0; c < 5; c++)
            {
                Assert.Equal(all[((3 + r) * 9) + 2 + c], values[(r * 5) + c]);
            }
        }

        using var stats = JsonDocument.Parse(CliRunner.Ok("init", "he_uniform", "--shape", "20,9", "--seed", "4", "--format", "stats", "--shard", "1/3"));
        Assert.Equal("[7,9]", stats.RootElement.GetProperty("shape").GetRawText());
        Assert.Equal("[7,0]", stats.RootElement.GetProperty("offset").GetRawText());
        Assert.Equal(20, stats.RootElement.GetProperty("fan_in").GetInt32());
    }

    [Theory]
    [InlineData("--shard", "4/4", "is not K/N with 0 <= K < N")]
    [InlineData("--shard", "1-4", "is not K/N")]
    [InlineData("--block", "0,0:3", "needs 2 offsets and 2 sizes")]
    [InlineData("--block", "0,8:3,2", "axis 1 (offset 8, size 2) does not lie inside dimension 9")]
    [InlineData("--block", "a:b", "is not OFFSETS:SIZES")]
    public void BadPartsAreUsageErrorsNamingTheFlag(string flag, string value, string expected)
    {
        var (code, output, error) = CliRunner.Run("init", "he_uniform", "--shape", "20,9", "--format", "stats", flag, value);
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Contains(flag, error, StringComparison.Ordinal);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void PartsOnTheNumPyStreamAreRefused()
    {
        var (code, _, error) = CliRunner.Run("init", "he_uniform", "--shape", "20,9", "--rng", "numpy", "--shard", "0/2", "--format", "stats");
        Assert.Equal(2, code);
        Assert.Contains("--rng numpy", error, StringComparison.Ordinal);
    }

    private static double[] InitializerRegistryFill(string name, string dtype)
    {
        var init = Serialization.KerasJson.Deserialize(name) is RandomInitializer r ? r.WithSeed(3) : throw new InvalidOperationException(name);
        // A bfloat16 file holds the bit patterns ('<u2').
        return dtype switch
        {
            "float32" => [.. init.GenerateSingle(1001, 37).Select(v => (double)v)],
            "float16" => [.. init.GenerateHalf(1001, 37).Select(v => (double)v)],
            "bfloat16" => [.. init.GenerateBFloat16(1001, 37).Select(v => (double)v.RawValue)],
            _ => init.Generate(1001, 37),
        };
    }
}
