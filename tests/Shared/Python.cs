using System.Diagnostics;
using System.Text.Json;

namespace TfInit.Testing;

/// <summary>Runs the committed Python originals with Debian's numpy and parses their JSON output.</summary>
internal static class Python
{
    /// <summary>Debian's interpreter: the one python3-numpy installs into.</summary>
    public const string Interpreter = "/usr/bin/python3";

    public static JsonElement RunScript(string script, params string[] args)
    {
        string path = Path.Combine(AppContext.BaseDirectory, "Python", script);
        var start = new ProcessStartInfo(Interpreter) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(path);
        foreach (string a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{Interpreter} did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        string stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{script} {string.Join(' ', args)} failed ({process.ExitCode}): {stderr}");
        return JsonDocument.Parse(stdout.Result).RootElement.Clone();
    }
}
