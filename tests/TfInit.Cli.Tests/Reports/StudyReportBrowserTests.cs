using System.Diagnostics;
using System.Text.RegularExpressions;
using TfInit.Cli.Reports;

namespace TfInit.Cli.Tests.Reports;

/// <summary>
/// The report as a reader sees it: Debian's headless Chromium (tests/debian-packages.txt) opens index.html inside a
/// checker page next to it and reports how many images the browser decoded and how many rows the verdict table has.
/// </summary>
public sealed partial class StudyReportBrowserTests : IDisposable
{
    private const string Chromium = "/usr/bin/chromium";

    private readonly string _root = Directory.CreateTempSubdirectory("tfinit-browser-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void EveryImageLoadsAndTheVerdictTableIsThere()
    {
        StudyReport.Write(Report(), StudyReportTests.Runs);

        // Two runs: one histogram PNG each plus the two summary charts; one verdict row per run.
        Assert.Equal((4, 4, 2), Open());
    }

    [Fact]
    public void AMissingImageIsSeen()
    {
        // The check can fail: with a summary chart gone, the browser decodes one image fewer.
        StudyReport.Write(Report(), StudyReportTests.Runs);
        File.Delete(Path.Combine(_root, "report", StudyReport.GradientChart));
        Assert.Equal((4, 3, 2), Open());
    }

    private string Report() => Directory.CreateDirectory(Path.Combine(_root, "report")).FullName;

    // file:// pages are separate origins; --allow-file-access-from-files lets the checker read the framed report's DOM.
    private (int Images, int Loaded, int VerdictRows) Open()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: ./test.sh installs Debian's chromium (tests/debian-packages.txt).");
        string checker = Path.Combine(_root, "checker.html");
        File.WriteAllText(checker, """
            <!DOCTYPE html><html><body><pre id="result">pending</pre>
            <iframe id="report" src="report/index.html" width="1800" height="1000"></iframe>
            <script>
            document.getElementById('report').addEventListener('load', () => {
              const doc = document.getElementById('report').contentDocument;
              const images = [...doc.images];
              const loaded = images.filter(i => i.complete && i.naturalWidth > 0).length;
              const table = doc.querySelector('table#verdicts');
              const rows = table ? table.querySelectorAll('tr').length - 1 : -1;
              document.getElementById('result').textContent = `images=${images.length} loaded=${loaded} verdict_rows=${rows}`;
            });
            </script></body></html>
            """);
        var start = new ProcessStartInfo(Chromium) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", $"--user-data-dir={Path.Combine(_root, "profile")}",
            "--allow-file-access-from-files", "--virtual-time-budget=10000", "--dump-dom", new Uri(checker).AbsoluteUri,
        })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(120_000))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("chromium did not finish within 120 s.");
        }

        var match = Result().Match(stdout.Result);
        Assert.True(match.Success, $"no result in chromium's DOM (exit {process.ExitCode}): {stderr.Result}");
        return (int.Parse(match.Groups[1].Value), int.Parse(match.Groups[2].Value), int.Parse(match.Groups[3].Value));
    }

    [GeneratedRegex(@"<pre id=""result"">images=(\d+) loaded=(\d+) verdict_rows=(-?\d+)</pre>")]
    private static partial Regex Result();
}
