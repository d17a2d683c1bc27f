using System.CommandLine;
using TfInit.Cli.CommandLine;
using TfInit.Experiments.Speed;
using TfInit.Shapes;

namespace TfInit.Cli.Commands;

/// <summary>
/// <c>tfinit bench [--shape ROWS,COLS] [--repeats N] [--json] [--python PATH]</c>: the side-by-side fill comparison
/// of bench/TfInit.Benchmarks (<see cref="FillComparison"/>) on the user's machine. The torch and numpy peers run in
/// a python process; a peer module python cannot import is skipped with one line on stderr. No libtorch is loaded
/// here.
/// </summary>
internal sealed class BenchCommand : Command
{
    private readonly Option<string?> _shape = CliOptions.Text("--shape", "ROWS,COLS",
        "The float32 tensor every case fills [default: 4096,4096]; Orthogonal also runs on half of each side.");

    private readonly Option<int?> _repeats = CliOptions.PositiveInt("--repeats", "N",
        "Timed repetitions per case, alternating TfInit and the peer; the medians are reported (Orthogonal uses at most 3).", 5, max: 1000);

    private readonly Option<bool> _json = CliOptions.Flag("--json",
        "Print {\"cases\": [{\"name\", \"shape\", \"dtype\", \"tfinit_ms\", \"peer\", \"peer_ms\", \"ratio\"}, ...]} instead of the table.");

    private readonly Option<string?> _python = CliOptions.Path("--python", "PATH",
        $"The python interpreter that runs the numpy and torch peers [default: {FillComparison.DefaultPython}, where Debian's python3-numpy and python3-torch install].");

    public BenchCommand()
        : base("bench", "Time TfInit's fills against torch and numpy (run in python) on this machine, side by side.")
    {
        foreach (var option in new Option[] { _shape, _repeats, _json, _python })
        {
            Options.Add(option);
        }

        SetAction(Run);
    }

    private int Run(ParseResult parsed)
    {
        var output = parsed.InvocationConfiguration.Output;
        var error = parsed.InvocationConfiguration.Error;
        int[] shape = Shape.Parse(parsed.GetValue(_shape) ?? "4096,4096", "--shape");
        if (shape.Length != 2 || shape.Contains(0))
        {
            throw new UsageException($"bench: --shape '{parsed.GetValue(_shape)}' is not ROWS,COLS; give two dimensions of at least 1.");
        }

        long count = (long)shape[0] * shape[1];
        // The fills' float32 and float64 arrays, the quarter-size Orthogonal, and Orthogonal's double work matrices.
        MemoryBudget.Check(count * (4.0 + 8.0 + 1.0 + 3 * 8.0), $"bench --shape {Shape.Format(shape)}");
        bool json = parsed.GetValue(_json);
        var comparison = new FillComparison(shape[0], shape[1], parsed.GetValue(_repeats)!.Value,
            parsed.GetValue(_python) ?? FillComparison.DefaultPython);
        // Skips go to stderr; so do the peers' versions with --json, so that stdout stays one JSON document.
        var cases = comparison.Run(error.WriteLine, line => (json ? error : output).WriteLine(line));
        if (json)
        {
            output.WriteLine(FillComparison.Json(cases));
        }
        else
        {
            output.WriteLine();
            output.Write(FillComparison.Table(cases));
        }

        return 0;
    }
}
