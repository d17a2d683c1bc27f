using TfInit.NumPy;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using Xunit.Sdk;

namespace TfInit.Tests.NumPy;

/// <summary>
/// Runs scripts with a real CPython + numpy. The interpreter is /usr/bin/python3 (with the Debian package
/// python3-numpy), or the one named by the TFINIT_PYTHON environment variable.
/// </summary>
internal static class PythonNumpy
{
    public static string Interpreter =>
        Environment.GetEnvironmentVariable("TFINIT_PYTHON") is { Length: > 0 } p ? p : "/usr/bin/python3";

    /// <summary>Prepended to every script: imports and <c>dump(a)</c>, which prints an array as JSON.</summary>
    private const string Prelude = """
        import sys, json, math, zipfile, io
        import numpy as np
        def _enc(v):
            v = float(v)
            if math.isnan(v): return "NaN"
            if math.isinf(v): return "Infinity" if v > 0 else "-Infinity"
            return v
        def dump(a):
            a = np.asarray(a)
            print(json.dumps({"descr": a.dtype.str, "shape": list(a.shape),
                              "values": [_enc(v) for v in a.ravel(order='C').tolist()]}))

        """;

    /// <summary>
    /// Runs <paramref name="script"/> (after the prelude) with <paramref name="args"/> as sys.argv[1:];
    /// returns its standard output. Fails the test with python's stderr when it exits non-zero.
    /// </summary>
    public static string Run(string script, params string[] args)
    {
        var psi = new ProcessStartInfo(Interpreter)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(Prelude + Dedent(script));
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }

        Process process;
        try
        {
            process = Process.Start(psi) ?? throw new InvalidOperationException("Process.Start returned null");
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            throw new XunitException(
                $"Could not start python '{Interpreter}': {e.Message}. These tests need CPython with numpy "
                + "(apt-get install python3-numpy), or set TFINIT_PYTHON to such an interpreter.");
        }

        using (process)
        {
            Task<string> stdout = process.StandardOutput.ReadToEndAsync();
            Task<string> stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromSeconds(120)))
            {
                process.Kill(entireProcessTree: true);
                throw new XunitException($"python timed out after 120 s. stderr so far:\n{stderr.Result}");
            }

            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                throw new XunitException(
                    $"python exited with code {process.ExitCode}.\nstderr:\n{stderr.Result}\nstdout:\n{stdout.Result}\nscript:\n{Dedent(script)}");
            }

            return stdout.Result;
        }
    }

    /// <summary>Runs a script that ends by calling dump(...) once; returns the parsed result.</summary>
    public static Dumped RunDump(string script, params string[] args)
    {
        string output = Run(script, args);
        string line = output.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1];
        return ParseDump(line);
    }

    public static Dumped ParseDump(string json) =>
        JsonSerializer.Deserialize<Dumped>(json, JsonOptions) ?? throw new XunitException($"bad dump: {json}");

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        PropertyNameCaseInsensitive = true,
    };

    private static string Dedent(string script)
    {
        string[] lines = script.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        int indent = lines.Where(l => l.Trim().Length > 0).Select(l => l.Length - l.TrimStart().Length).DefaultIfEmpty(0).Min();
        return string.Join('\n', lines.Select(l => l.Length >= indent ? l[indent..] : l.TrimStart()));
    }

    /// <summary>An array as printed by the prelude's dump(a).</summary>
    internal sealed record Dumped(string Descr, int[] Shape, double[] Values);
}

/// <summary>A fresh temporary directory, deleted on dispose.</summary>
internal sealed class TempDir : IDisposable
{
    public TempDir()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "tfinit-npy-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public string[] Entries() => Directory.GetFileSystemEntries(Path).Select(System.IO.Path.GetFileName).ToArray()!;

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

internal static class Same
{
    /// <summary>Asserts bitwise-equal doubles (any NaN equals any NaN; -0.0 differs from 0.0).</summary>
    public static void Values(ReadOnlySpan<double> expected, ReadOnlySpan<double> actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            double e = expected[i], a = actual[i];
            bool ok = (double.IsNaN(e) && double.IsNaN(a)) || BitConverter.DoubleToInt64Bits(e) == BitConverter.DoubleToInt64Bits(a);
            if (!ok)
            {
                throw new XunitException($"Value {i} differs: expected {e:R}, actual {a:R}");
            }
        }
    }
}
