using System.Diagnostics;

namespace TfInit.Cli.Tests.Commands;

/// <summary>
/// The same seed gives the same bytes on every instruction set the runtime can be limited to: the tfinit command is run
/// in child processes with AVX-512 off (.NET 10's knob is DOTNET_EnableAVX512; the older EnableAVX512F no longer
/// changes anything), with AVX2 off (128-bit vectors), with no SIMD at all (software vectors), and with a 512-bit
/// preferred vector width, and each .npy file must equal the default run's byte for byte, each --format stats its digits. On a machine without some
/// instruction set the corresponding run equals the default one trivially; the lane-by-lane width tests in
/// TfInit.Tests (Random/SimdWidthTests) still cover both kernel widths there.
/// </summary>
public sealed class InstructionSetTests
{
    public static TheoryData<string> Limits() => new()
    {
        "DOTNET_EnableAVX512=0",
        "DOTNET_EnableAVX2=0",
        "DOTNET_EnableHWIntrinsic=0",
        "DOTNET_PreferredVectorBitWidth=512",
    };

    [Theory]
    [MemberData(nameof(Limits))]
    public void FillsAreByteIdenticalUnderEveryInstructionSetLimit(string limit)
    {
        // A normal, a uniform and a truncated initializer (the redraw path) on a shape that is no multiple of any chunk,
        // and Orthogonal, whose blocked QR (two panels of 128 and 12 columns here) runs the vector product kernels.
        foreach (var (name, shape) in new[] { ("he_normal", "999,37"), ("glorot_uniform", "999,37"), ("truncated_normal", "999,37"), ("orthogonal", "999,140") })
        {
            byte[] reference = Fill(name, shape, null);
            byte[] limited = Fill(name, shape, limit);
            Assert.True(reference.AsSpan().SequenceEqual(limited), $"{name} differs under {limit}");
        }
    }

    [Theory]
    [MemberData(nameof(Limits))]
    public void StatisticsPrintTheSameDigitsUnderEveryInstructionSetLimit(string limit)
    {
        // Two chunks of the streamed fill and a partial last block, in float32 and float64: the block sums of
        // StatisticsBuilder use eight lanes whatever the vector width, so the printed digits cannot change with it.
        foreach (string dtype in new[] { "float32", "float64" })
        {
            string[] args = ["init", "he_normal", "--shape", "1500,1001", "--seed", "7", "--dtype", dtype, "--format", "stats"];
            string reference = Run(args, null);
            Assert.Contains("\"std\":", reference, StringComparison.Ordinal);
            Assert.Equal(reference, Run(args, limit));
        }
    }

    [Fact]
    public void SmallFillsOnThePrecompiledWidthEqualTheLibrarysFills()
    {
        // The command's runtimeconfig sets TfInit.PrecompiledSmallFills, so its child process fills these (under 2^24
        // elements) on the preferred width; this test process does not, and fills them on AVX-512 where the CPU has it
        // (elsewhere both sides run the preferred width and this equals trivially). Both layouts and the redraws.
        foreach (var (name, shape, dtype) in new[] { ("he_normal", "999,37", "float32"), ("glorot_uniform", "999,37", "float64"), ("truncated_normal", "999,37", "float64") })
        {
            string path = Path.Combine(Path.GetTempPath(), $"tfinit-isa-{Guid.NewGuid():N}.npy");
            try
            {
                CliRunner.Ok("init", name, "--shape", shape, "--seed", "7", "--dtype", dtype, "--format", "npy", "-o", path);
                byte[] inProcess = File.ReadAllBytes(path);
                Run(["init", name, "--shape", shape, "--seed", "7", "--dtype", dtype, "--format", "npy", "-o", path], null);
                Assert.True(inProcess.AsSpan().SequenceEqual(File.ReadAllBytes(path)), $"{name} {dtype}: the command's small fill differs from the library's");
            }
            finally
            {
                File.Delete(path);
            }
        }
    }

    private static byte[] Fill(string name, string shape, string? limit)
    {
        string path = Path.Combine(Path.GetTempPath(), $"tfinit-isa-{Guid.NewGuid():N}.npy");
        try
        {
            Run(["init", name, "--shape", shape, "--seed", "7", "--format", "npy", "-o", path], limit);
            return File.ReadAllBytes(path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Runs the tfinit command in a child process under <paramref name="limit"/> (NAME=VALUE, or none); returns its stdout.</summary>
    private static string Run(string[] args, string? limit)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "TfInit.Cli.dll"));
        foreach (string arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        if (limit is not null)
        {
            var parts = limit.Split('=');
            info.Environment[parts[0]] = parts[1];
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"tfinit {string.Join(' ', args)} under {limit ?? "no limit"} exited {process.ExitCode}: {error}");
        return output.Result;
    }
}
