using System.Diagnostics;

namespace TfInit.Cli.Tests;

/// <summary>
/// The real tfinit process, for what an in-process run cannot show: exit codes as the shell sees them, device files,
/// FIFOs and standard output as destinations, and signals.
/// </summary>
public sealed class ProcessTests : IDisposable
{
    private static readonly string Tool = Path.Combine(AppContext.BaseDirectory, "TfInit.Cli");
    private readonly string _dir = Directory.CreateTempSubdirectory("tfinit-proc-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData(0, "list")]
    [InlineData(0, "--version")]
    [InlineData(2, "init", "he_normal")]
    [InlineData(2, "init", "he_normal", "--shape", "2", "--rng", "mt")]
    [InlineData(2, "init", "he_normal", "--shape", "1073741823,2")]
    [InlineData(2, "bogus")]
    public void ExitCodesAsTheShellSeesThem(int expected, params string[] args)
    {
        var (code, _, error) = Run(args);
        Assert.True(code == expected, $"exit {code}: {error}");
        Assert.True(expected == 0 || error.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length == 1, error);
    }

    [Fact]
    public void ACharacterDeviceIsWrittenToNotReplaced()
    {
        // As root, a node of our own (the same device as /dev/null), so that a regression cannot break the machine's.
        string device = "/dev/null";
        if (Environment.UserName == "root")
        {
            device = Path.Combine(_dir, "null");
            Assert.Equal(0, Run("mknod", [device, "c", "1", "3"]).Code);
        }

        foreach (string format in new[] { "npy", "json", "stats" })
        {
            var (code, _, error) = Run("init", "zeros", "--shape", "2", "--format", format, "-o", device);
            Assert.True(code == 0, error);
            Assert.Equal("character special file", Run("stat", ["-c", "%F", device]).Out.Trim());
        }
    }

    [Fact]
    public void AFullDeviceFailsInOneLineAndStaysADevice()
    {
        // ENOSPC is not a usage error: exit 1, one line naming the path and the reason.
        foreach (string format in new[] { "npy", "json" })
        {
            var (code, _, error) = Run("init", "zeros", "--shape", "2", "--format", format, "-o", "/dev/full");
            Assert.Equal(1, code);
            Assert.Equal("tfinit: error: cannot write '/dev/full': No space left on device.", error.Trim());
        }

        Assert.Equal("character special file", Run("stat", ["-c", "%F", "/dev/full"]).Out.Trim());
    }

    [Theory]
    [InlineData("npy")]
    [InlineData("json")]
    [InlineData("report")]
    public async Task AWriteThatFailsMidwayExitsOneAndLeavesTheOldOutputAndNoTemporary(string what)
    {
        // A file-size limit (RLIMIT_FSIZE, SIGXFSZ ignored) makes the write fail with EFBIG after 20 KiB, the way a full
        // disk fails it with ENOSPC. W^X is off because the runtime's double-mapped code pages count against the limit.
        string target = Path.Combine(_dir, what == "report" ? "report" : "w.out");
        string[] args = what == "report"
            ? ["study", "--input-shape", "100,100", "--depth", "2", "--width", "100", "--out", target]
            : ["init", "he_normal", "--shape", "1000,1000", "--format", what, "-o", target];
        if (what == "report")
        {
            Directory.CreateDirectory(target);
            File.WriteAllText(Path.Combine(target, "index.md"), "old report");
        }
        else
        {
            File.WriteAllText(target, "old");
        }

        var start = Start("-c", "trap '' XFSZ; ulimit -f 20; exec \"$0\" \"$@\"", Tool);
        start.FileName = "/bin/bash";
        foreach (string a in args)
        {
            start.ArgumentList.Add(a);
        }

        start.Environment["DOTNET_EnableWriteXorExecute"] = "0";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        string error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(120));
        await output;
        string last = error.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1];
        Assert.True(process.ExitCode == 1, $"exit {process.ExitCode}: {error}");
        Assert.Equal($"tfinit: error: cannot write '{target}': the file would exceed the largest size the file system or this process allows (EFBIG).", last);
        Assert.Equal("old" + (what == "report" ? " report" : ""), File.ReadAllText(what == "report" ? Path.Combine(target, "index.md") : target));
        Assert.Equal([Path.GetFileName(target)], Directory.GetFileSystemEntries(_dir).Select(Path.GetFileName));
    }

    [Fact]
    public void DashAndDevStdoutWriteToStandardOutput()
    {
        foreach (string target in new[] { "-", "/dev/stdout" })
        {
            var (code, output, error) = Run("init", "ones", "--shape", "3", "--format", "json", "-o", target);
            Assert.True(code == 0, error);
            Assert.Contains("\"values\":[1,1,1]", output);
        }

        var npy = Run("init", "ones", "--shape", "3", "-o", "-");
        Assert.StartsWith("\u0093NUMPY", npy.Out.Replace("\ufffd", "\u0093"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFifoIsWrittenToNotReplaced()
    {
        string fifo = Path.Combine(_dir, "pipe");
        Assert.Equal(0, Run("mkfifo", [fifo]).Code);
        var reader = Task.Run(() => File.ReadAllText(fifo));
        var (code, _, error) = Run("init", "ones", "--shape", "2", "--format", "json", "-o", fifo);
        Assert.True(code == 0, error);
        Assert.Contains("\"values\":[1,1]", await reader.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal("fifo", Run("stat", ["-c", "%F", fifo]).Out.Trim());
    }

    [Fact]
    public void ASymbolicLinkIsFollowedAndStaysALink()
    {
        string target = Path.Combine(_dir, "target.npy");
        string link = Path.Combine(_dir, "link.npy");
        File.WriteAllText(target, "old");
        File.CreateSymbolicLink(link, target);
        var (code, _, error) = Run("init", "ones", "--shape", "2", "-o", link);
        Assert.True(code == 0, error);
        Assert.Equal(target, new FileInfo(link).LinkTarget);
        Assert.Equal((byte)0x93, File.ReadAllBytes(target)[0]);
        Assert.Equal(["link.npy", "target.npy"], Directory.GetFileSystemEntries(_dir).Select(Path.GetFileName).Order());
    }

    [Theory]
    [InlineData("TERM")]
    [InlineData("INT")]
    public void ASignalDuringAStudyLeavesNoTemporaries(string signal)
    {
        string report = Path.Combine(_dir, "report");
        var start = Start("study", "--input-shape", "2000,1000", "--depth", "200", "--activation", "relu", "--init", "he_normal", "--out", report);
        using var process = Process.Start(start)!;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!Directory.EnumerateFileSystemEntries(_dir, ".report.*.tmp").Any() && DateTime.UtcNow < deadline && !process.HasExited)
        {
            Thread.Sleep(10);
        }

        Assert.False(process.HasExited, "the study ended before its temporary folder was seen");
        Assert.Equal(0, Run("kill", [$"-{signal}", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]).Code);
        Assert.True(process.WaitForExit(60_000), "the process did not end after the signal");
        Assert.NotEqual(0, process.ExitCode);
        Assert.Empty(Directory.GetFileSystemEntries(_dir));
    }

    private static ProcessStartInfo Start(params string[] args)
    {
        var start = new ProcessStartInfo(Tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in args)
        {
            start.ArgumentList.Add(a);
        }

        return start;
    }

    private static (int Code, string Out, string Err) Run(params string[] args) => Run(Tool, args);

    private static (int Code, string Out, string Err) Run(string program, string[] args)
    {
        var start = Start(args);
        start.FileName = program;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        string error = process.StandardError.ReadToEnd();
        Assert.True(process.WaitForExit(120_000), $"{program} {string.Join(' ', args)} did not end");
        return (process.ExitCode, output.Result, error);
    }
}
