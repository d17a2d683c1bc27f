using System.Globalization;
using System.Text.Json;
using TfInit.Analysis;
using TfInit.Initializers;
using TfInit.Numerics;
using TfInit.Tests.Support;

namespace TfInit.Cli.Tests.Commands;

/// <summary>
/// <c>tfinit init --dtype float16|bfloat16</c> in every format: JSON values and stats are those of the library's
/// GenerateHalf / GenerateBFloat16, and real numpy (and PyTorch, for bfloat16) read the .npy files: float16 as
/// <c>&lt;f2</c>, bfloat16 as its <c>&lt;u2</c> bit patterns.
/// </summary>
public sealed class InitDtypeTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("tfinit-dtype-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>Runs an init that writes .npy: nothing on stderr, but the one note a bfloat16 file comes with.</summary>
    internal static void WriteNpy(string[] args, string dtype)
    {
        var (code, _, error) = CliRunner.Run(args);
        Assert.True(code == 0, $"tfinit {string.Join(" ", args)} exited with {code}: {error}");
        if (dtype == "bfloat16")
        {
            Assert.Equal("tfinit: note: " + TfInit.Cli.Commands.InitDtype.BFloat16NpyNote + Environment.NewLine, error);
        }
        else
        {
            Assert.Equal("", error);
        }
    }

    [Fact]
    public void Float16JsonValuesAreTheLibrarysHalvesAsShortText()
    {
        using var document = JsonDocument.Parse(CliRunner.Ok("init", "he_normal", "--shape", "64,32", "--seed", "3", "--dtype", "float16"));
        Assert.Equal("float16", document.RootElement.GetProperty("dtype").GetString());
        var texts = document.RootElement.GetProperty("values").EnumerateArray().Select(v => v.GetRawText()).ToArray();
        Half[] expected = new HeNormal(3).GenerateHalf(64, 32);
        Bits.Equal(expected, texts.Select(t => Half.Parse(t, CultureInfo.InvariantCulture)).ToArray(), "json float16 values");
        Assert.Equal(expected.Select(h => h.ToString(CultureInfo.InvariantCulture)), texts);
    }

    [Fact]
    public void BFloat16JsonValuesAreTheLibrarysAsShortText()
    {
        using var document = JsonDocument.Parse(CliRunner.Ok("init", "glorot_uniform", "--shape", "3,3,8,16", "--seed", "9", "--dtype", "bfloat16", "--format", "json"));
        Assert.Equal("bfloat16", document.RootElement.GetProperty("dtype").GetString());
        var texts = document.RootElement.GetProperty("values").EnumerateArray().Select(v => v.GetRawText()).ToArray();
        BFloat16[] expected = new GlorotUniform(9).GenerateBFloat16(3, 3, 8, 16);
        Bits.Equal(expected, texts.Select(t => (BFloat16)double.Parse(t, CultureInfo.InvariantCulture)).ToArray(), "json bfloat16 values");
        Assert.All(texts, t => Assert.True(t.Length <= 12, $"'{t}' is not a short bfloat16 text"));
    }

    [Theory]
    [InlineData("float16")]
    [InlineData("bfloat16")]
    public void StatsAreThoseOfTheRoundedValues(string dtype)
    {
        using var document = JsonDocument.Parse(CliRunner.Ok("init", "random_normal", "--shape", "100,50", "--seed", "4", "--dtype", dtype, "--format", "stats"));
        var init = new RandomNormal(seed: 4);
        double[] values = dtype == "float16"
            ? [.. init.GenerateHalf(100, 50).Select(v => (double)v)]
            : [.. init.GenerateBFloat16(100, 50).Select(v => (double)v)];
        var stats = Statistics.Of(values);
        var root = document.RootElement;
        Assert.Equal(stats.Mean, root.GetProperty("mean").GetDouble());
        Assert.Equal(stats.Std, root.GetProperty("std").GetDouble());
        Assert.Equal(stats.Min, root.GetProperty("min").GetDouble());
        Assert.Equal(stats.Max, root.GetProperty("max").GetDouble());
    }

    /// <summary>
    /// numpy loads the float16 file as float16 with TfInit's bits; the bfloat16 file as uint16 whose bits equal PyTorch's
    /// own bfloat16 cast of the float32 file tfinit writes for the same initializer and seed.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void NumPyAndTorchReadTheNpyFiles(bool part)
    {
        string[] shape = ["--shape", "300,70", "--seed", "12", .. part ? new[] { "--block", "20,5:200,60" } : []];
        string f16 = Path.Combine(_directory, "w16.npy");
        string bf16 = Path.Combine(_directory, "wbf16.npy");
        string f32 = Path.Combine(_directory, "w32.npy");
        WriteNpy(["init", "he_uniform", .. shape, "--dtype", "float16", "-o", f16], "float16");
        WriteNpy(["init", "he_uniform", .. shape, "--dtype", "bfloat16", "-o", bf16], "bfloat16");
        WriteNpy(["init", "he_uniform", .. shape, "--dtype", "float32", "-o", f32], "float32");
        string result = PythonRunner.Run(
            """
            import sys, numpy as np, torch
            h = np.load(sys.argv[1]); b = np.load(sys.argv[2]); f = np.load(sys.argv[3])
            torch_bits = torch.from_numpy(f).to(torch.bfloat16).view(torch.int16).numpy().view(np.uint16)
            widened = (b.astype(np.uint32) << 16).view(np.float32)
            print(h.dtype, b.dtype, h.shape == f.shape == b.shape, bool(np.array_equal(b, torch_bits)),
                  bool(np.array_equal(torch.from_numpy(b.view(np.int16)).view(torch.bfloat16).float().numpy(), widened)),
                  ' '.join(str(int(x)) for x in h.view(np.uint16).ravel()[:50]))
            """, f16, bf16, f32);
        string[] words = result.Trim().Split(' ');
        Assert.Equal(["float16", "uint16", "True", "True", "True"], words[..5]);
        var init = new HeUniform(12);
        Half[] halves = part ? BlockOf(init.GenerateHalf(300, 70)) : init.GenerateHalf(300, 70);
        Assert.Equal(halves.Take(50).Select(v => BitConverter.HalfToUInt16Bits(v).ToString(CultureInfo.InvariantCulture)), words[5..]);
    }

    [Theory]
    [InlineData("""{"class_name":"Constant","config":{"value":3.4e38}}""", "bfloat16", "value", "3.3895314e38")]
    [InlineData("""{"class_name":"RandomUniform","config":{"minval":-1e39,"maxval":1e39}}""", "bfloat16", "minval", "3.3895314e38")]
    [InlineData("""{"class_name":"RandomNormal","config":{"stddev":1e6}}""", "float16", "float16", "65504")]
    public void ValuesBeyondTheDtypeAreRefusedNamingTheRange(string json, string dtype, string named, string range)
    {
        foreach (string format in new[] { "json", "stats", "npy" })
        {
            string path = Path.Combine(_directory, "over.npy");
            string[] output = format == "npy" ? ["-o", path] : [];
            var (code, _, error) = CliRunner.Run(["init", json, "--shape", "64,4", "--dtype", dtype, "--format", format, .. output]);
            Assert.NotEqual(0, code);
            string last = error.TrimEnd().Split('\n')[^1];
            Assert.Contains(named, last, StringComparison.OrdinalIgnoreCase);
            Assert.Contains(range, last, StringComparison.Ordinal);
            Assert.False(File.Exists(path));
        }
    }

    [Fact]
    public void HelpListsTheDtypesAndWhatABFloat16NpyHolds()
    {
        string help = CliRunner.Ok("init", "--help");
        Assert.Contains("float32, float64, float16, bfloat16", help, StringComparison.Ordinal);
        Assert.Contains("'<u2'", help, StringComparison.Ordinal);
    }

    private static Half[] BlockOf(Half[] whole) =>
        [.. Enumerable.Range(20, 200).SelectMany(r => Enumerable.Range(5, 60).Select(c => whole[(r * 70) + c]))];
}
