using System.Diagnostics;
using System.Text;

namespace TfInit.Cli.Tests;

/// <summary>
/// What the tfinit process loads at startup: init and list must not load TorchSharp (a 3.8 MB assembly, and with it
/// the way to libtorch), which only study and train use. The runtime's own loader events (EventPipe, the Loader
/// keyword) name every assembly the process loaded.
/// </summary>
public sealed class StartupTests : IDisposable
{
    private static readonly string Tool = Path.Combine(AppContext.BaseDirectory, "TfInit.Cli");
    private readonly string _dir = Directory.CreateTempSubdirectory("tfinit-startup-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("init", "he_normal", "--shape", "784,256", "--format", "stats")]
    [InlineData("init", "orthogonal", "--shape", "8,8")]
    [InlineData("list")]
    public void InitAndListLoadNoTorchSharp(params string[] args)
    {
        string loaded = LoadedAssemblies(args);
        // The positive control: the trace does name the assemblies the command runs in.
        Assert.Contains("TfInit.Cli", loaded, StringComparison.Ordinal);
        Assert.Contains("System.CommandLine", loaded, StringComparison.Ordinal);
        Assert.DoesNotContain("TorchSharp", loaded, StringComparison.Ordinal);
    }

    [Fact]
    public void TheTraceSeesTorchSharpWhereItIsLoaded()
    {
        // Without this the test above could pass on a trace that never names TorchSharp at all.
        Assert.Contains("TorchSharp", LoadedAssemblies("study", "--input-shape", "10,5", "--depth", "1", "--json"), StringComparison.Ordinal);
    }

    /// <summary>The text of the loader events of one run (assembly names are UTF-16 in the trace).</summary>
    private string LoadedAssemblies(params string[] args)
    {
        string trace = Path.Combine(_dir, $"{Guid.NewGuid():N}.nettrace");
        var start = new ProcessStartInfo(Tool, args) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["DOTNET_EnableEventPipe"] = "1";
        start.Environment["DOTNET_EventPipeOutputPath"] = trace;
        start.Environment["DOTNET_EventPipeConfig"] = "Microsoft-Windows-DotNETRuntime:0x8:4";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        string error = process.StandardError.ReadToEnd();
        Assert.True(process.WaitForExit(120_000), "tfinit did not exit");
        _ = output.Result;
        Assert.True(process.ExitCode == 0, error);
        return Encoding.Unicode.GetString(File.ReadAllBytes(trace)) + Encoding.Unicode.GetString(File.ReadAllBytes(trace)[1..]);
    }
}
