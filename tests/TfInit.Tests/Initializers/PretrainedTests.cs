using System.Diagnostics;
using System.Text.Json;
using TfInit.Initializers;
using TfInit.NumPy;
using TfInit.Serialization;

namespace TfInit.Tests.Initializers;

/// <summary>
/// <see cref="Pretrained"/> against files numpy writes (run live): the values of every dtype and order equal numpy's
/// <c>astype</c> bit for bit, conversion goes through a fixed buffer (allocation bounded whatever the file's size), and
/// values that are not finite in the destination are refused naming their count and first index unless
/// <c>allow_non_finite</c> is true (issue 17).
/// </summary>
public sealed class PretrainedTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tfinit-pretrained-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>Has numpy save <paramref name="expression"/> (numpy as np) to a file and return its astype(float32) bits and astype(float64) values.</summary>
    private (string Path, uint[] Singles, double[] Doubles, int[] Shape) Numpy(string name, string expression)
    {
        string path = Path.Combine(_dir, name);
        string script =
            "import json, sys, numpy as np\n" +
            $"a = {expression}\n" +
            (name.EndsWith(".npz", StringComparison.Ordinal) ? "np.savez_compressed(sys.argv[1], w=a)\n" : "np.save(sys.argv[1], a)\n") +
            "print(json.dumps({'f32': a.astype(np.float32).ravel(order='C').view(np.uint32).tolist(), " +
            "'f64': a.astype(np.float64).ravel(order='C').view(np.uint64).tolist(), 'shape': list(a.shape)}))\n";
        var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(path);
        using var python = Process.Start(start)!;
        string stdout = python.StandardOutput.ReadToEnd();
        string stderr = python.StandardError.ReadToEnd();
        python.WaitForExit();
        Assert.True(python.ExitCode == 0, stderr);
        var json = JsonDocument.Parse(stdout).RootElement;
        return (path, [.. json.GetProperty("f32").EnumerateArray().Select(v => v.GetUInt32())],
            [.. json.GetProperty("f64").EnumerateArray().Select(v => BitConverter.UInt64BitsToDouble(v.GetUInt64()))],
            [.. json.GetProperty("shape").EnumerateArray().Select(v => v.GetInt32())]);
    }

    [Theory]
    [InlineData("f8.npy", "np.random.default_rng(1).standard_normal((37, 29))")]
    [InlineData("be-f8.npy", "np.random.default_rng(2).standard_normal((5, 7)).astype('>f8')")]
    [InlineData("fortran.npy", "np.asfortranarray(np.random.default_rng(3).standard_normal((6, 4, 5)))")]
    [InlineData("f2.npy", "np.random.default_rng(4).standard_normal(300).astype(np.float16)")]
    [InlineData("i4.npy", "np.arange(-600, 600, dtype=np.int32).reshape(40, 30) * 1234567")]
    [InlineData("u1.npy", "np.arange(256, dtype=np.uint8)")]
    [InlineData("big.npy", "np.random.default_rng(5).standard_normal(20000) * 1e30")]
    [InlineData("entry.npz", "np.random.default_rng(6).standard_normal((3, 9000))")]
    public void ValuesEqualNumpysAstypeInEveryDtype(string name, string expression)
    {
        var (path, singles, doubles, shape) = Numpy(name, expression);
        var pretrained = new Pretrained(path, name.EndsWith(".npz", StringComparison.Ordinal) ? "w" : "");
        var f32 = new float[singles.Length];
        pretrained.Fill(f32, shape);
        Assert.Equal(singles, f32.Select(BitConverter.SingleToUInt32Bits));
        Assert.Equal(doubles, pretrained.Generate(shape));
    }

    [Fact]
    public void ConversionGoesThroughAFixedBufferWhateverTheFileSize()
    {
        // 4M float32 values (16 MiB): decoding them all to doubles first, as before, allocated 32 MiB more.
        const int n = 1 << 22;
        string path = Path.Combine(_dir, "large.npy");
        NpyFile.Write(path, Enumerable.Range(0, n).Select(i => (float)(i % 1000) / 7f).ToArray(), [n]);
        var destination = new float[n];
        var pretrained = new Pretrained(path);
        long before = GC.GetAllocatedBytesForCurrentThread();
        pretrained.Fill(destination, [n]);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < 1 << 20, $"filling {n} floats allocated {allocated} bytes");
        foreach (int i in new[] { 0, 999, 65535, 65536, n / 2, n - 1 })
        {
            Assert.Equal((float)(i % 1000) / 7f, destination[i]);
        }
    }

    [Fact]
    public void NonFiniteValuesAreRefusedNamingTheirCountAndTheFirstIndex()
    {
        var (path, _, _, shape) = Numpy("nan.npy", "np.where(np.arange(24) % 7 == 5, np.nan, np.where(np.arange(24) == 20, -np.inf, 1.0)).reshape(4, 6)");
        foreach (Action fill in new Action[]
        {
            () => new Pretrained(path).Fill(new double[24], shape),
            () => new Pretrained(path).Fill(new float[24], shape),
            () => new Pretrained(path).FillBlock(new float[24], shape, [0, 0], [4, 6]),
        })
        {
            var e = Assert.ThrowsAny<ArgumentException>(fill);
            Assert.Equal("allow_non_finite", e.ParamName);
            Assert.Contains("4 of the 24 values", e.Message);   // NaN at 5, 12, 19 and -Inf at 20
            Assert.Contains("the first is at index 5", e.Message);
            Assert.Contains(path, e.Message);
            Assert.Contains("\"allow_non_finite\": true", e.Message);
        }
    }

    [Fact]
    public void AllowNonFiniteWritesThemAsTheyAre()
    {
        var (path, singles, _, shape) = Numpy("inf.npy", "np.array([1.0, np.nan, np.inf, -np.inf, 1e39, 2.0])");
        var pretrained = (Pretrained)KerasJson.Deserialize(
            JsonSerializer.Serialize(new { class_name = "Pretrained", config = new { path, allow_non_finite = true } }));
        Assert.True(pretrained.AllowNonFinite);
        Assert.Equal(true, pretrained.GetConfig()["allow_non_finite"]);
        var f32 = new float[6];
        pretrained.Fill(f32, shape);
        Assert.Equal(singles, f32.Select(BitConverter.SingleToUInt32Bits));   // 1e39 is Inf in float32, as numpy's astype makes it
        Assert.False(new Pretrained(path).AllowNonFinite);
    }

    [Fact]
    public void AFiniteFloat64BeyondFloat32sRangeIsRefusedInFloat32Only()
    {
        var (path, _, doubles, shape) = Numpy("wide.npy", "np.array([1.0, 1e39, -1e300])");
        Assert.Equal(doubles, new Pretrained(path).Generate(shape));
        var e = Assert.ThrowsAny<ArgumentException>(() => new Pretrained(path).Fill(new float[3], shape));
        Assert.Contains("2 of the 3 values", e.Message);
        Assert.Contains("non-finite in float32", e.Message);
    }

    [Fact]
    public void AShapeThatDiffersIsRefusedFromTheHeader()
    {
        var (path, _, _, _) = Numpy("shape.npy", "np.zeros((3, 4))");
        var e = Assert.ThrowsAny<ArgumentException>(() => new Pretrained(path).Fill(new float[12], [4, 3]));
        Assert.Contains("has shape (3, 4) but shape (4, 3) was requested", e.Message);
    }
}
