using System.Diagnostics;

namespace TfInit.Tests.Support;

/// <summary>
/// Runs a script with Debian's /usr/bin/python3 (which has numpy 1.24; the pyenv python3 on PATH does not).
/// The parity tests treat real numpy as the reference, so a missing interpreter or numpy is a failure, not a skip.
/// </summary>
internal static class PythonRunner
{
    public const string Interpreter = "/usr/bin/python3";

    /// <summary>Runs <paramref name="script"/> with <paramref name="args"/> (sys.argv[1:]) and returns its stdout.</summary>
    public static string Run(string script, params string[] args)
    {
        Assert.True(File.Exists(Interpreter), $"{Interpreter} is missing: install python3-numpy (see .ci/run).");
        var info = new ProcessStartInfo(Interpreter)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(script);
        foreach (string arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(60_000), "python3 did not finish within 60 s.");
        Assert.True(process.ExitCode == 0, $"python3 failed with exit code {process.ExitCode}: {stderr.Result}");
        return stdout.Result;
    }
}
