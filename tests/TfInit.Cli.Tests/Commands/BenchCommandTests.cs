using System.Globalization;
using System.Text.Json;

namespace TfInit.Cli.Tests.Commands;

/// <summary>
/// <c>tfinit bench</c>: the fill comparison's JSON schema on a small tensor, with the real numpy and torch peers of
/// /usr/bin/python3 (python3-numpy and python3-torch are test dependencies), and the one-line skips when a peer module
/// cannot be imported or python cannot be started. The timings themselves are not asserted: they are measurements.
/// </summary>
public sealed class BenchCommandTests
{
    private static readonly string[] Fields = ["name", "shape", "dtype", "tfinit_ms", "peer", "peer_ms", "ratio"];

    private static readonly string[] TorchPeers = ["torch.randn", "torch.rand", "Tensor.normal_", "nn.init.trunc_normal_"];

    private static readonly string[] NumPyPeers =
        ["numpy default_rng standard_normal f32", "numpy default_rng random f32", "numpy legacy randn", "numpy normal + linalg.qr + sign"];

    [Fact]
    public void JsonHasEveryCaseWithTheBenchSchema()
    {
        var run = CliRun.Of("bench", "--json", "--repeats", "1", "--shape", "64,48");
        var cases = run.Json().GetProperty("cases").EnumerateArray().ToList();
        Assert.DoesNotContain("skipped", run.Error, StringComparison.Ordinal);

        // Five torch cases (the last against our own RandomNormal) at all threads and at 1 thread, six numpy cases.
        Assert.Equal(16, cases.Count);
        foreach (var c in cases)
        {
            Assert.Equal(Fields, c.EnumerateObject().Select(p => p.Name));
            Assert.Contains(c.GetProperty("shape").GetString(), new[] { "[64, 48]", "[32, 24]" });
            Assert.Contains(c.GetProperty("dtype").GetString(), new[] { "float32", "float64" });
            double ours = c.GetProperty("tfinit_ms").GetDouble();
            double theirs = c.GetProperty("peer_ms").GetDouble();
            Assert.True(ours >= 0 && theirs >= 0, c.ToString());
            if (ours >= 0.1 && theirs >= 0.1)
            {
                // tfinit_ms and peer_ms are rounded to 0.01 ms, ratio from the unrounded times: 0.05 ms of 0.1 is 5%.
                Assert.Equal(ours / theirs, c.GetProperty("ratio").GetDouble(), 0.11 * (ours / theirs));
            }
        }

        var peers = cases.Select(c => c.GetProperty("peer").GetString()!).ToList();
        Assert.Superset(TorchPeers.Concat(NumPyPeers).ToHashSet(), peers.ToHashSet());
        Assert.Equal(["HeNormal (all threads)", "HeNormal (1 thread)"],
            cases.Where(c => c.GetProperty("peer").GetString() == "torch.randn").Select(c => c.GetProperty("name").GetString()));
        Assert.Equal(2, cases.Count(c => c.GetProperty("name").GetString() == "Orthogonal"));
    }

    [Fact]
    public void TableEndsWithTheRatioLine()
    {
        var run = CliRun.Of("bench", "--repeats", "1", "--shape", "16,16", "--python", "/nonexistent/python3");
        Assert.Equal(0, run.ExitCode);
        string[] lines = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith(string.Create(CultureInfo.InvariantCulture, $"{Environment.ProcessorCount} cores, 1 repetitions"), lines[0], StringComparison.Ordinal);
        Assert.StartsWith("case ", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("TruncatedNormal vs our RandomNormal (all threads)", lines[2], StringComparison.Ordinal);
        Assert.Equal("(ratio = TfInit ms / peer ms; below 1 means TfInit is faster)", lines[^1]);
    }

    [Fact]
    public void MissingPythonSkipsEveryPeerWithOneLineEach()
    {
        var run = CliRun.Of("bench", "--json", "--repeats", "1", "--shape", "16,16", "--python", "/nonexistent/python3");
        var cases = run.Json().GetProperty("cases").EnumerateArray().ToList();
        var skips = SkipLines(run.Error);
        Assert.Equal(2, skips.Count);
        Assert.StartsWith("numpy peer cases skipped: python3-numpy is not importable by /nonexistent/python3 (/nonexistent/python3 cannot be started", skips[0], StringComparison.Ordinal);
        Assert.StartsWith("torch peer cases skipped: python3-torch is not importable by /nonexistent/python3", skips[1], StringComparison.Ordinal);

        // Only the cases without a python peer remain.
        Assert.Equal(["TfInit RandomNormal", "TfInit RandomNormal"], cases.Select(c => c.GetProperty("peer").GetString()));
    }

    [Fact]
    public void TorchThatCannotBeImportedSkipsOnlyTheTorchCases()
    {
        // A python whose 'import torch' fails (a torch.py that raises ImportError ahead of dist-packages) but whose numpy works.
        string folder = Path.Combine(Path.GetTempPath(), $"tfinit-bench-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        try
        {
            File.WriteAllText(Path.Combine(folder, "torch.py"), "raise ImportError('hidden by the test')\n");
            string python = Path.Combine(folder, "python3");
            File.WriteAllText(python, $"#!/bin/sh\nPYTHONPATH='{folder}' exec /usr/bin/python3 \"$@\"\n");
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(python, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }

            var run = CliRun.Of("bench", "--json", "--repeats", "1", "--shape", "16,16", "--python", python);
            var peers = run.Json().GetProperty("cases").EnumerateArray().Select(c => c.GetProperty("peer").GetString()!).ToList();
            Assert.Equal([$"torch peer cases skipped: python3-torch is not importable by {python}."], SkipLines(run.Error));
            Assert.Empty(peers.Intersect(TorchPeers));
            Assert.Superset(NumPyPeers.ToHashSet(), peers.ToHashSet());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData("--shape", "3", "--shape '3'")]
    [InlineData("--shape", "4,0", "--shape '4,0'")]
    [InlineData("--shape", "2,x", "--shape")]
    [InlineData("--repeats", "0", "--repeats '0'")]
    [InlineData("--python", "", "--python")]
    public void BadOptionsAreOneLineUsageErrors(string option, string value, string named)
    {
        string line = CliRun.Of("bench", option, value).BadInputLine();
        Assert.Contains(named, line, StringComparison.Ordinal);
    }

    private static List<string> SkipLines(string error) =>
        error.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.Contains(" skipped: ", StringComparison.Ordinal)).ToList();
}
