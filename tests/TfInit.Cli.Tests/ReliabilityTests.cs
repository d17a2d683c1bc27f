using System.Text.Json;
using TfInit.Cli.Commands;
using TfInit.IO;

namespace TfInit.Cli.Tests;

/// <summary>
/// Issue 17's reproducers, one test each (in process, fast): inputs that crashed, hung, or wrote wrong output with
/// exit 0 now end in one line and exit 2, or in a valid result.
/// </summary>
public sealed class ReliabilityTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tfinit-rel-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("1073741823,2", "2147483646 values")]
    [InlineData("2147483647", "2147483647 values")]
    [InlineData("100000,100000", "(100000, 100000)")]
    [InlineData("40000,50000", "GiB")]   // fits one array, not the memory: 2e9 values x 16 bytes
    public void AShapeThatCannotFitIsRefusedUpFront(string shape, string mentioned)
    {
        string line = CliRun.Of("init", "he_normal", "--shape", shape).BadInputLine();
        Assert.Contains(mentioned, line);
    }

    [Theory]
    [InlineData("--depth", "--depth", "2147483647", "--width", "1")]
    [InlineData("2147483647 rows", "--input-shape", "2147483647,1", "--depth", "1", "--width", "1")]
    [InlineData("(100000, 100000)", "--input-shape", "100000,100000", "--depth", "1", "--width", "100000")]
    [InlineData("GiB", "--input-shape", "40000,40000", "--depth", "2", "--width", "40000")]
    public void AStudyThatCannotFitIsRefusedUpFront(string mentioned, params string[] args)
    {
        string line = CliRun.Of(["study", .. args]).BadInputLine();
        Assert.Contains(mentioned, line);
    }

    [Theory]
    [InlineData("--depth", "2147483647")]
    [InlineData("--width", "2147483647")]
    [InlineData("--width", "1000000")]
    public void ATrainingModelThatCannotFitIsRefusedBeforeLoadingData(string option, string value)
    {
        var started = DateTime.UtcNow;
        string line = CliRun.Of("train", option, value, "--data", "/nonexistent").BadInputLine();
        Assert.Contains(option == "--depth" ? "--depth" : "--width", line);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(10), "the refusal must not wait for work");
    }

    [Theory]
    // JAX takes tuples of axes (in_axis=() is an input size of 1): a list of lists is what no reference reads; on (2, 2),
    // in_axis (0, 1) names axis 1 again as the default out_axis -1, an error naming the key that repeats it.
    [InlineData("""{"class_name": "HeNormal", "config": {"in_axis": [[0]]}}""", "in_axis")]
    [InlineData("""{"class_name": "HeNormal", "config": {"in_axis": [0, 1]}}""", "out_axis")]
    [InlineData("""{"class_name": "GlorotUniform", "config": {"out_axis": [0, 1, 2]}}""", "out_axis")]
    [InlineData("""{"class_name": "\ud800"}""", "class_name")]
    [InlineData("""{"class_name": "VarianceScaling", "config": {"mode": "\udc00"}}""", "mode")]
    [InlineData("""{"class_name": "HeNormal", "config": {"\ud800": 1}}""", "config")]
    [InlineData("\"\\ud800\"", "class_name")]
    public void AConfigTheParserCannotReadIsBadInput(string json, string key)
    {
        string line = CliRun.Of("init", json, "--shape", "2,2").BadInputLine();
        Assert.Contains(key, line);
    }

    [Fact]
    public void AStudyWhoseActivationsOverflowIsAResultNotACrash()
    {
        var run = CliRun.Of("study", "--input-shape", "100,100", "--depth", "12", "--width", "100", "--activation", "relu",
            "--init", """{"class_name":"RandomNormal","config":{"stddev":10000.0}}""", "--dtype", "float32", "--json",
            "--out", Path.Combine(_dir, "report"));
        var layers = run.Json().GetProperty("runs")[0].GetProperty("layers").EnumerateArray().ToList();
        Assert.Equal(12, layers.Count);
        Assert.Equal(JsonValueKind.Number, layers[0].GetProperty("std").ValueKind);
        // float32 overflows past 3.4e38: (1e4 * sqrt(100 / 2))^12 is about 1e68, so the last layers are Inf/NaN.
        Assert.Equal(JsonValueKind.Null, layers[^1].GetProperty("std").ValueKind);
        Assert.True(File.Exists(Path.Combine(_dir, "report", "index.html")));
    }

    [Fact]
    public void EverySeedCommandTakesTheSameRange()
    {
        foreach (string[] args in new[]
        {
            ["init", "he_normal", "--shape", "2"], ["study", "--rng", "philox"], new[] { "train", "--data", "/nonexistent" },
        })
        {
            foreach (string bad in new[] { "4294967296", "-1", "1e3" })
            {
                string line = CliRun.Of([.. args, "--seed", bad]).BadInputLine();
                Assert.Contains($"--seed '{bad}'", line);
                Assert.Contains("0 to 4294967295", line);
            }
        }
    }

    [Fact]
    public void EveryDocumentedSeedDerivesValidLayerSeeds()
    {
        Assert.Equal(4294967295, Experiments.Training.TrainingRun.LayerSeed(4294967295, 0));
        Assert.Equal(0, Experiments.Training.TrainingRun.LayerSeed(4294967295, 1));
        Assert.Equal(12, Experiments.Training.TrainingRun.LayerSeed(2, 10));
        var spec = new Experiments.Training.TrainingSpec(new Initializers.HeNormal(), false, 3, 4, "relu", "sgd", 0.01, 0.9, 1, 8, 4294967295);
        var model = Experiments.Training.TrainingRun.Model(spec, 6, 2);
        Assert.NotNull(model);
    }

    [Theory]
    [InlineData("-o", "init", "zeros", "--shape", "2")]
    [InlineData("--output", "init", "zeros", "--shape", "2")]
    [InlineData("--out", "study")]
    [InlineData("--data", "train")]
    public void AnEmptyPathNamesTheFlagTheUserWrote(string flag, params string[] args)
    {
        foreach (string empty in new[] { "", " " })
        {
            string line = CliRun.Of([.. args, flag, empty]).BadInputLine();
            Assert.Contains($"{flag} '{empty}' is empty", line);
        }
    }

    [Fact]
    public void OutIntoTheRootOrAForeignFolderIsRefused()
    {
        Assert.Contains("root folder", CliRun.Of("study", "--depth", "1", "--input-shape", "4,2", "--out", "/").BadInputLine());
        string foreign = Path.Combine(_dir, "home");
        Directory.CreateDirectory(foreign);
        File.WriteAllText(Path.Combine(foreign, "thesis.tex"), "precious");
        string line = CliRun.Of("study", "--depth", "1", "--input-shape", "4,2", "--out", foreign).BadInputLine();
        Assert.Contains("other content", line);
        Assert.Equal(["thesis.tex"], Directory.GetFileSystemEntries(foreign).Select(Path.GetFileName));
    }

    [Fact]
    public void AReportReplacesTheOldOneWholeAndLeavesNoTemporary()
    {
        string report = Path.Combine(_dir, "report");
        string[] args = ["study", "--depth", "2", "--input-shape", "8,4", "--init", "he_normal", "--out", report];
        Assert.Equal(0, CliRun.Of(args).ExitCode);
        File.WriteAllText(Path.Combine(report, "run-99-stale.png"), "from an older report");
        Assert.Equal(0, CliRun.Of(args).ExitCode);
        Assert.False(File.Exists(Path.Combine(report, "run-99-stale.png")), "the new report replaces the old folder, not merges into it");
        Assert.True(File.Exists(Path.Combine(report, ReportDirectory.Marker)));
        Assert.Equal(["report"], Directory.GetFileSystemEntries(_dir).Select(Path.GetFileName));
    }

    [Fact]
    public void AReportThatFailsHalfWayLeavesTheOldOneIntact()
    {
        string report = Path.Combine(_dir, "report");
        Directory.CreateDirectory(report);
        File.WriteAllText(Path.Combine(report, "index.md"), "old");
        using (var directory = new ReportDirectory(report))
        {
            Assert.Throws<IOException>(() => directory.Commit(temp =>
            {
                File.WriteAllText(Path.Combine(temp, "index.html"), "new, half");
                throw new IOException("disk full");
            }));
        }

        Assert.Equal(["index.md"], Directory.GetFileSystemEntries(report).Select(Path.GetFileName));
        Assert.Equal("old", File.ReadAllText(Path.Combine(report, "index.md")));
        Assert.Equal(["report"], Directory.GetFileSystemEntries(_dir).Select(Path.GetFileName));
    }

    [Fact]
    public void StaleTemporariesOfDeadProcessesAreRemovedAndLiveOnesKept()
    {
        string dead = Path.Combine(_dir, $".w.npy.{int.MaxValue - 7}.{Guid.NewGuid():N}.tmp");
        string live = Path.Combine(_dir, $".w.npy.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        string other = Path.Combine(_dir, ".w.npy.unrelated.tmp");
        foreach (string path in new[] { dead, live, other })
        {
            File.WriteAllText(path, "x");
        }

        Assert.Equal(0, CliRun.Of("init", "zeros", "--shape", "2", "-o", Path.Combine(_dir, "w.npy")).ExitCode);
        Assert.False(File.Exists(dead));
        Assert.True(File.Exists(live));
        Assert.True(File.Exists(other));
    }

    [Fact]
    public void InterruptingDeletesLiveTemporaries()
    {
        string temp = Path.Combine(_dir, TemporaryFiles.NameFor("x"));
        Directory.CreateDirectory(temp);
        TemporaryFiles.Register(temp);
        TemporaryFiles.DeleteLive();
        Assert.False(Directory.Exists(temp));
    }

    [Fact]
    public void ControlCharactersFromInputAreEscapedInMessages()
    {
        string path = Path.Combine(_dir, "\u001b[31mred\rfile.npy");
        string json = JsonSerializer.Serialize(new { class_name = "Pretrained", config = new { path } });
        string line = CliRun.Of("init", json, "--shape", "2,2").BadInputLine();
        Assert.Contains("\\x1b[31mred\\x0dfile.npy", line);
        Assert.DoesNotContain('\u001b', line);
        Assert.DoesNotContain('\r', line);
    }

    [Theory]
    [InlineData("""{"class_name":"Constant","config":{"value":1e308}}""", "float32", "value")]
    [InlineData("""{"class_name":"Constant","config":{"value":1e39}}""", "float32", "value")]
    [InlineData("""{"class_name":"RandomNormal","config":{"mean":1e308}}""", "float32", "mean")]
    [InlineData("""{"class_name":"RandomNormal","config":{"stddev":1e308}}""", "float32", "stddev")]
    [InlineData("""{"class_name":"RandomUniform","config":{"maxval":1e308}}""", "float32", "maxval")]
    [InlineData("""{"class_name":"VarianceScaling","config":{"scale":1e308}}""", "float32", "scale")]
    [InlineData("""{"class_name":"Orthogonal","config":{"gain":1e308}}""", "float32", "gain")]
    [InlineData("""{"class_name":"Identity","config":{"gain":1e308}}""", "float32", "gain")]
    [InlineData("""{"class_name":"Sparse","config":{"sparsity":0.1,"std":1e308}}""", "float32", "std")]
    [InlineData("""{"class_name":"XavierNormal","config":{"gain":1e308}}""", "float32", "gain=")]
    [InlineData("""{"class_name":"KaimingNormal","config":{"a":1e200}}""", "float32", "a=")]
    [InlineData("""{"class_name":"KaimingUniform","config":{"a":1e200}}""", "float64", "a=")]
    public void ParametersThatOverflowTheDtypeAreRefusedNamingThem(string json, string dtype, string parameter)
    {
        foreach (string format in new[] { "json", "stats", "npy" })
        {
            string path = Path.Combine(_dir, "w.npy");
            string[] output = format == "npy" ? ["-o", path] : [];
            string line = CliRun.Of(["init", json, "--shape", "4,4", "--dtype", dtype, "--format", format, .. output]).BadInputLine();
            Assert.Contains(parameter, line);
            Assert.False(File.Exists(path));
        }
    }

    [Fact]
    public void LargeButRepresentableValuesStillWork()
    {
        // 1e39 fits float64; its statistics overflow (the sum of squares), which JSON writes as null rather than failing.
        var stats = CliRun.Of("init", """{"class_name":"Constant","config":{"value":1e308}}""", "--shape", "3,3", "--dtype", "float64", "--format", "stats").Json();
        Assert.Equal(1e308, stats.GetProperty("max").GetDouble());
        var values = CliRun.Of("init", """{"class_name":"Constant","config":{"value":1e39}}""", "--shape", "2", "--dtype", "float64").Json();
        Assert.All(values.GetProperty("values").EnumerateArray(), v => Assert.Equal(1e39, v.GetDouble()));
    }

    [Fact]
    public void PretrainedReadsOnlyRegularFiles()
    {
        string fifo = Path.Combine(_dir, "w.npy");
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", [fifo])!)
        {
            Assert.True(mkfifo.WaitForExit(10_000) && mkfifo.ExitCode == 0);
        }

        string json = JsonSerializer.Serialize(new { class_name = "Pretrained", config = new { path = fifo } });
        var started = DateTime.UtcNow;
        Assert.Contains("not a regular file", CliRun.Of("init", json, "--shape", "2,3").BadInputLine());
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void PretrainedChecksTheHeaderShapeBeforeDecodingTheData()
    {
        // A 300 MB uint8 array compresses to about 300 KB; asking for [2, 3] must not decode it first.
        string npz = Path.Combine(_dir, "bomb.npz");
        using (var file = File.Create(npz))
        using (var zip = new System.IO.Compression.ZipArchive(file, System.IO.Compression.ZipArchiveMode.Create))
        {
            using var entry = zip.CreateEntry("w.npy", System.IO.Compression.CompressionLevel.SmallestSize).Open();
            string header = "{'descr': '|u1', 'fortran_order': False, 'shape': (300000000,), }";
            header = header.PadRight(64 - 10 - 1) + "\n";
            entry.Write([0x93, .. "NUMPY"u8, 1, 0, (byte)header.Length, 0, .. System.Text.Encoding.ASCII.GetBytes(header)]);
            var zeros = new byte[1 << 20];
            for (int i = 0; i < 300_000_000 / zeros.Length; i++)
            {
                entry.Write(zeros);
            }
        }

        string json = JsonSerializer.Serialize(new { class_name = "Pretrained", config = new { path = npz, key = "w" } });
        long before = GC.GetTotalAllocatedBytes(precise: true);
        string line = CliRun.Of("init", json, "--shape", "2,3").BadInputLine();
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        Assert.Contains("(300000000,)", line);
        Assert.True(allocated < 64L << 20, $"allocated {allocated} bytes before refusing the shape");
    }

    [Fact]
    public void PretrainedRefusesNonFiniteValuesNamingTheIndex()
    {
        string npy = Path.Combine(_dir, "nan.npy");
        NumPy.NpyFile.Write(npy, new[] { 1.0, double.NaN, 3.0, double.PositiveInfinity }, [2, 2]);
        string json = JsonSerializer.Serialize(new { class_name = "Pretrained", config = new { path = npy } });
        string line = CliRun.Of("init", json, "--shape", "2,2", "--dtype", "float64").BadInputLine();
        Assert.Contains("index 1", line);
        Assert.Contains("non-finite", line);
    }
}
