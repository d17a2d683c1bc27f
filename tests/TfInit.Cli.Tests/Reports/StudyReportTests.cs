using System.Buffers.Binary;
using TfInit.Analysis;
using TfInit.Cli.Reports;
using TfInit.Initializers;
using TfInit.Keras.Probes;
using TfInit.Keras.Studies;

namespace TfInit.Cli.Tests.Reports;

// The report only reads StudyResult records, so these build them by hand with synthetic histograms: no tensors,
// no libtorch.
public sealed class StudyReportTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("tfinit-report-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static readonly StudyResult Tanh = new(
        new StudySpec("tanh", new RandomNormal(stddev: 0.01, seed: 1), 1000, 500, [500, 500, 500]),
        new Statistics(-0.0012, 0.9987, -4.2, 4.1),
        [
            Layer(1, mean: 0.000123, std: 0.2128, saturated: 0.0, zero: 0.0, spread: 0.2, low: -1, high: 1),
            Layer(2, mean: -0.0000471, std: 0.04756, saturated: 0.0, zero: 0.0, spread: 0.05, low: -1, high: 1),
            Layer(3, mean: 0.0000021, std: 2.98e-7, saturated: 0.0, zero: 0.0, spread: 0.001, low: -1, high: 1),
        ],
        [new BackwardStatistics(1, 5e-8, 4.1e-8, 2e-5), new BackwardStatistics(2, 2.2e-4, 4.2e-8, 2e-5), new BackwardStatistics(3, 1e-3, 4.1e-8, 2e-5)],
        Loss: 3e-7,
        Diagnosis: new Diagnosis(Verdict.Vanishing, "forward rate 0.223", 0.223, 0.223),
        Seconds: 0.42);

    private static readonly StudyResult ReluBatchNorm = new(
        new StudySpec("relu", new HeNormal(seed: 1), 1000, 500, [500, 500], BatchNorm: true),
        new Statistics(0.0004, 1.0002, -4.5, 4.4),
        [
            Layer(1, mean: 0.5642, std: 0.8256, saturated: 0.0, zero: 0.5012, spread: 1, low: 0, high: 4),
            Layer(2, mean: 0.5611, std: 0.8301, saturated: 0.0, zero: 0.4987, spread: 1, low: 0, high: 4),
        ],
        [new BackwardStatistics(1, 1e-3, 3e-4, 0.15), new BackwardStatistics(2, 1e-3, 3e-4, 0.15)],
        Loss: 0.01,
        Diagnosis: new Diagnosis(Verdict.Healthy, "forward rate 1.005", 1.005, 1.0),
        Seconds: 0.31);

    internal static readonly StudyResult[] Runs = [Tanh, ReluBatchNorm];

    // A bell of 40 bins centred in the range, `spread` wide relative to it; ReLU-like ranges starting at 0 get a
    // tall first bin as the dead units do.
    private static ActivationStatistics Layer(int index, double mean, double std, double saturated, double zero,
        double spread, double low, double high)
    {
        const int Bins = 40;
        var counts = new long[Bins];
        for (int b = 0; b < Bins; b++)
        {
            double x = (b + 0.5) / Bins - (low == 0 ? 0 : 0.5);
            counts[b] = (long)(10_000 * Math.Exp(-x * x / (2 * spread * spread * 0.01)));
        }

        if (zero > 0)
        {
            counts[0] += (long)(zero * 500_000);
        }

        return new ActivationStatistics(index, $"dense_{index}", 500, mean, std, saturated, zero, counts, (low, high));
    }

    private static readonly string[] ExpectedPngs =
    [
        "run-01-tanh-randomnormal-mean-0-stddev-0-01.png",
        "run-02-relu-henormal-bn.png",
    ];

    [Fact]
    public void Write_CreatesIndexFilesAndOnePngPerRun()
    {
        StudyReport.Write(_directory, Runs);

        string[] files = Directory.GetFiles(_directory).Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal).ToArray();
        string[] expected = ["index.html", "index.md", .. ExpectedPngs, StudyReport.ActivationChart, StudyReport.GradientChart];
        Assert.Equal(expected, files);
    }

    [Fact]
    public void Write_PngsAreValidAndWideEnoughForOneSubplotPerLayer()
    {
        StudyReport.Write(_directory, Runs);

        foreach (string png in ExpectedPngs)
        {
            byte[] bytes = File.ReadAllBytes(Path.Combine(_directory, png));
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, bytes[..8]);

            // The first chunk is IHDR: length (4), type (4), then width and height as big-endian 32-bit integers.
            Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(bytes, 12, 4));
            int width = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16));
            int height = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20));
            Assert.Equal(1600, width);
            Assert.Equal(300, height);
            Assert.True(bytes.Length > 10_000, $"{png} is only {bytes.Length} bytes: the plot is probably empty.");
        }
    }

    [Fact]
    public void Write_PngGrowsWithTheNumberOfLayers()
    {
        var layers = Enumerable.Range(1, 12).Select(i => Layer(i, 0, 0.5, 0, 0, 0.5, -1, 1)).ToArray();
        var gradients = Enumerable.Range(1, 12).Select(i => new BackwardStatistics(i, 1e-3, 1e-4, 1e-2)).ToArray();
        var deep = Tanh with { Spec = Tanh.Spec with { Widths = [.. Enumerable.Repeat(500, 12)] }, Layers = layers, Gradients = gradients };

        StudyReport.Write(_directory, [deep]);

        byte[] bytes = File.ReadAllBytes(Path.Combine(_directory, ExpectedPngs[0]));
        Assert.Equal(12 * 160, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)));
    }

    [Fact]
    public void Write_MarkdownHasEachRunsHeadingTableAndImage()
    {
        StudyReport.Write(_directory, Runs);
        string md = File.ReadAllText(Path.Combine(_directory, "index.md"));

        Assert.StartsWith("# ", md);
        Assert.Contains("## Run 1: tanh · RandomNormal(mean=0, stddev=0.01) · no batch norm", md);
        Assert.Contains("## Run 2: relu · HeNormal · batch norm", md);
        Assert.Contains("| layer | units | mean | std | saturated | zero | grad std | w-grad std | w-grad norm |", md);

        // Input row first, then the layers; tiny values switch to scientific notation instead of printing 0.0000.
        Assert.Contains("| input | 500 | -1.20e-03 | 0.9987 | – | – | – | – | – |\n| Layer 1 | 500 | 1.23e-04 | 0.2128 | 0.0% | 0.0% | 5.00e-08 | 4.10e-08 | 2.00e-05 |", md);
        Assert.Contains("| Layer 2 | 500 | -4.71e-05 | 0.0476 | 0.0% | 0.0% | 2.20e-04 | 4.20e-08 | 2.00e-05 |", md);
        Assert.Contains("| Layer 3 | 500 | 2.10e-06 | 2.98e-07 | 0.0% | 0.0% | 1.00e-03 | 4.10e-08 | 2.00e-05 |", md);
        Assert.Contains("| input | 500 | 4.00e-04 | 1.0002 | – | – | – | – | – |\n| Layer 1 | 500 | 0.5642 | 0.8256 | 0.0% | 50.1% | 1.00e-03 | 3.00e-04 | 0.1500 |", md);
        Assert.Contains("| Layer 2 | 500 | 0.5611 | 0.8301 | 0.0% | 49.9% | 1.00e-03 | 3.00e-04 | 0.1500 |", md);

        // The verdict table and both summary charts come first, before the per-run sections.
        int summary = md.IndexOf("## Summary", StringComparison.Ordinal);
        Assert.True(summary > 0 && summary < md.IndexOf("## Run 1", StringComparison.Ordinal));
        Assert.Contains("| 1 | tanh | RandomNormal(mean=0, stddev=0.01) | no | vanishing | forward rate 0.223 |", md);
        Assert.Contains("| 2 | relu | HeNormal | yes | healthy | forward rate 1.005 |", md);
        Assert.True(md.IndexOf(StudyReport.GradientChart, StringComparison.Ordinal) < md.IndexOf("## Run 1", StringComparison.Ordinal));
        Assert.Contains($"]({StudyReport.ActivationChart})", md);

        Assert.Contains("\"class_name\":\"HeNormal\"", md);
        foreach (string png in ExpectedPngs)
        {
            Assert.Contains($"]({png})", md);
        }

        // The image of run 1 comes after its table and before run 2's heading.
        Assert.True(md.IndexOf("| Layer 3 |", StringComparison.Ordinal) < md.IndexOf(ExpectedPngs[0], StringComparison.Ordinal));
        Assert.True(md.IndexOf(ExpectedPngs[0], StringComparison.Ordinal) < md.IndexOf("## Run 2", StringComparison.Ordinal));
    }

    [Fact]
    public void Write_HtmlIsSelfContainedAndReferencesEveryPng()
    {
        StudyReport.Write(_directory, Runs);
        string html = File.ReadAllText(Path.Combine(_directory, "index.html"));

        Assert.StartsWith("<!DOCTYPE html>", html);
        Assert.Contains("<style>", html);
        Assert.DoesNotContain("<link", html);
        Assert.DoesNotContain("<script", html);
        foreach (string png in ExpectedPngs)
        {
            Assert.Contains($"<img src=\"{png}\"", html);
        }

        Assert.Contains("<tr><td>Layer 1</td><td>500</td><td>0.5642</td><td>0.8256</td><td>0.0%</td><td>50.1%</td><td>1.00e-03</td><td>3.00e-04</td><td>0.1500</td></tr>", html);
        Assert.Contains("<table id=\"verdicts\">", html);
        Assert.Contains("<td>vanishing</td>", html);
        Assert.Contains($"<img src=\"{StudyReport.ActivationChart}\"", html);
        Assert.Contains($"<img src=\"{StudyReport.GradientChart}\"", html);
        // WebUtility.HtmlEncode writes non-ASCII punctuation as numeric entities: the middle dot is &#183;.
        Assert.Contains("<h2>Run 2: relu &#183; HeNormal &#183; batch norm</h2>", html);
        Assert.Contains("&quot;class_name&quot;:&quot;HeNormal&quot;", html);
        Assert.EndsWith("</html>\n", html);
    }

    [Fact]
    public void Write_LayerWithAllValuesEqualStillDrawsAPng()
    {
        // A Zeros initializer makes every activation 0: an empty histogram range must not break the plot.
        var zeros = Tanh with
        {
            Spec = Tanh.Spec with { Initializer = new Zeros() },
            Layers = [new ActivationStatistics(1, "dense_1", 500, 0, 0, 0, 1, [500_000], (0, 0))],
        };

        StudyReport.Write(_directory, [zeros]);

        Assert.True(File.Exists(Path.Combine(_directory, "run-01-tanh-zeros.png")));
    }

    [Fact]
    public void Slug_SpellsOutTheConfigWithoutTheSeed()
    {
        var spec = Tanh.Spec with { Activation = "relu", Initializer = new VarianceScaling(2.0, "fan_in", "untruncated_normal", seed: 7) };

        Assert.Equal("relu-variancescaling-scale-2-mode-fan-in-distribution-untruncated-normal", StudyReport.Slug(spec));
    }

    [Fact]
    public void Write_MissingDirectoryIsAnError()
    {
        string missing = Path.Combine(_directory, "missing");

        Assert.Throws<DirectoryNotFoundException>(() => StudyReport.Write(missing, Runs));
    }
}
