using TfInit.Keras.Datasets;
using static TfInit.Keras.Tests.Datasets.IdxTestFiles;

namespace TfInit.Keras.Tests.Datasets;

/// <summary>
/// <see cref="MnistDataset.Load"/> on small MNIST-format folders written by the tests. The class runs alone: one test
/// bounds the bytes the process allocates (Load reads on worker threads, so a per-thread count would miss them), and
/// tests of other classes running beside it allocated 7.6 MB inside that window in a CI run.
/// </summary>
[Collection(nameof(MnistDatasetTests))]
[CollectionDefinition(nameof(MnistDatasetTests), DisableParallelization = true)]
public sealed class MnistDatasetTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private void WriteFolder(int train = 12, int test = 5, bool gzip = false, string sep = "-", int testRows = 28)
    {
        byte[] Maybe(byte[] b) => gzip ? Gzip(b) : b;
        string ext = gzip ? ".gz" : "";
        _dir.Write($"train-images{sep}idx3-ubyte{ext}", Maybe(Images(train)));
        _dir.Write($"train-labels{sep}idx1-ubyte{ext}", Maybe(Labels(train)));
        _dir.Write($"t10k-images{sep}idx3-ubyte{ext}", Maybe(Images(test, testRows)));
        _dir.Write($"t10k-labels{sep}idx1-ubyte{ext}", Maybe(Labels(test)));
    }

    [Theory]
    [InlineData(false, "-")]
    [InlineData(true, "-")]
    [InlineData(false, ".")]
    [InlineData(true, ".")]
    public void LoadsAFolderPlainOrGzippedUnderEitherNaming(bool gzip, string sep)
    {
        WriteFolder(gzip: gzip, sep: sep);
        MnistDataset d = MnistDataset.Load(_dir.Path);
        Assert.Equal(Path.GetFullPath(_dir.Path), d.Directory);
        Assert.Equal(12, d.TrainCount);
        Assert.Equal(5, d.TestCount);
        Assert.Equal(28, d.ImageHeight);
        Assert.Equal(28, d.ImageWidth);
        Assert.Equal(784, d.ImageSize);
        Assert.Equal(10, d.ClassCount);
        Assert.Equal(12 * 784, d.TrainImages.Length);
        Assert.Equal(5 * 784, d.TestImages.Length);
        Assert.Equal([0L, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1], d.TrainLabels);
        Assert.Equal([0L, 1, 2, 3, 4], d.TestLabels);

        // Pixel j of image i is ((i * 7 + j) % 256) / 255.
        for (int i = 0; i < d.TrainCount; i++)
        {
            for (int j = 0; j < d.ImageSize; j += 37)
            {
                Assert.Equal((((i * 7) + j) % 256) / 255f, d.TrainImages[(i * d.ImageSize) + j]);
            }
        }

        Assert.Equal(0f, d.TrainImages.Min());
        Assert.Equal(1f, d.TrainImages.Max());
    }

    [Fact]
    public void TrainLimitKeepsTheFirstImages()
    {
        WriteFolder();
        MnistDataset all = MnistDataset.Load(_dir.Path);
        MnistDataset first = MnistDataset.Load(_dir.Path, trainLimit: 3);
        Assert.Equal(3, first.TrainCount);
        Assert.Equal(3 * 784, first.TrainImages.Length);
        Assert.Equal(all.TrainImages[..(3 * 784)], first.TrainImages);
        Assert.Equal([0L, 1, 2], first.TrainLabels);
        Assert.Equal(all.TestImages, first.TestImages);
        Assert.Equal(10, first.ClassCount); // counted over the whole files
        Assert.Equal(12, MnistDataset.Load(_dir.Path, trainLimit: 1000).TrainCount);
    }

    [Fact]
    public void BadArgumentsThrowArgumentException()
    {
        WriteFolder();
        Assert.Throws<ArgumentOutOfRangeException>(() => MnistDataset.Load(_dir.Path, trainLimit: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => MnistDataset.Load(_dir.Path, trainLimit: -5));
        Assert.Throws<ArgumentException>(() => MnistDataset.Load(" "));
    }

    [Fact]
    public void ImageLabelCountMismatchNamesBothFilesAndCounts()
    {
        WriteFolder();
        string labels = _dir.Write("train-labels-idx1-ubyte", Labels(11));
        var e = Assert.Throws<InvalidDataException>(() => MnistDataset.Load(_dir.Path));
        Assert.Contains(Path.Combine(_dir.Path, "train-images-idx3-ubyte"), e.Message);
        Assert.Contains(labels, e.Message);
        Assert.Contains("12 images", e.Message);
        Assert.Contains("11 labels", e.Message);
    }

    [Fact]
    public void TestImageLabelCountMismatchIsReportedToo()
    {
        WriteFolder();
        _dir.Write("t10k-images-idx3-ubyte", Images(6));
        var e = Assert.Throws<InvalidDataException>(() => MnistDataset.Load(_dir.Path));
        Assert.Contains("t10k-images-idx3-ubyte' has 6 images", e.Message);
        Assert.Contains("t10k-labels-idx1-ubyte' has 5 labels", e.Message);
    }

    [Fact]
    public void TrainAndTestImageSizesMustMatch()
    {
        WriteFolder(testRows: 27);
        var e = Assert.Throws<InvalidDataException>(() => MnistDataset.Load(_dir.Path));
        Assert.Contains("28x28", e.Message);
        Assert.Contains("27x28", e.Message);
    }

    [Fact]
    public void LabelsFileInPlaceOfImagesIsRefused()
    {
        WriteFolder();
        _dir.Write("train-images-idx3-ubyte", Labels(12));
        var e = Assert.Throws<InvalidDataException>(() => MnistDataset.Load(_dir.Path));
        Assert.Contains("Byte [12]", e.Message);
        Assert.Contains("[count, rows, columns]", e.Message);
    }

    [Fact]
    public void NegativeLabelsAreRefused()
    {
        WriteFolder();
        _dir.Write("t10k-labels-idx1-ubyte", Idx(0x09, [5], [0, 1, 0xFF, 3, 4]));
        var e = Assert.Throws<InvalidDataException>(() => MnistDataset.Load(_dir.Path));
        Assert.Contains("negative label -1 at index 2", e.Message);
    }

    [Fact]
    public void ClassCountComesFromTheData()
    {
        WriteFolder();
        _dir.Write("train-labels-idx1-ubyte", Labels(12, classes: 3));
        _dir.Write("t10k-labels-idx1-ubyte", Labels(5, classes: 4));
        Assert.Equal(4, MnistDataset.Load(_dir.Path).ClassCount);
    }

    [Fact]
    public void CorruptFileInTheFolderIsReportedWithItsName()
    {
        WriteFolder(gzip: true);
        string bad = _dir.Write("t10k-labels-idx1-ubyte.gz", Gzip([0x12, 0x34, 8, 1]));
        var e = Assert.Throws<InvalidDataException>(() => MnistDataset.Load(_dir.Path));
        Assert.Contains(bad, e.Message);
        Assert.Contains("12 34 08 01", e.Message);
    }

    [Fact]
    public void MissingFilesAreListedWithTheInstallCommand()
    {
        _dir.Write("train-images-idx3-ubyte.gz", Gzip(Images(2)));
        _dir.Write("t10k-images-idx3-ubyte", Images(2));
        var e = Assert.Throws<FileNotFoundException>(() => MnistDataset.Load(_dir.Path));
        Assert.Contains(_dir.Path, e.Message);
        Assert.Contains("lacks train-labels-idx1-ubyte[.gz], t10k-labels-idx1-ubyte[.gz]", e.Message);
        Assert.Contains("apt-get install dataset-fashion-mnist", e.Message);
        Assert.Equal(Path.Combine(_dir.Path, "train-labels-idx1-ubyte"), e.FileName);
    }

    [Fact]
    public void MissingFolderSaysWhichFilesItNeedsAndHowToInstall()
    {
        string nowhere = Path.Combine(_dir.Path, "no-such-folder");
        var e = Assert.Throws<FileNotFoundException>(() => MnistDataset.Load(nowhere));
        Assert.Contains(nowhere, e.Message);
        Assert.Contains("does not exist", e.Message);
        foreach (string name in MnistDataset.FileNames)
        {
            Assert.Contains(name, e.Message);
        }

        Assert.Contains("apt-get install dataset-fashion-mnist", e.Message);
    }

    [Fact]
    public void MissingDefaultFolderSaysFashionMnistIsNotInstalled()
    {
        // What Load() says on a machine without the package (the folder is passed in, as the real one is installed here).
        string nowhere = Path.Combine(_dir.Path, "fashion-mnist");
        var e = Assert.Throws<FileNotFoundException>(() => MnistDataset.FindFiles(nowhere, isDefault: true));
        Assert.StartsWith("Fashion-MNIST is not installed", e.Message);
        Assert.Contains("Install it with `apt-get install dataset-fashion-mnist`", e.Message);
        Assert.Contains("--data DIR", e.Message);
    }

    [Fact]
    public void PlainFileIsPreferredWhenBothNamesExist()
    {
        WriteFolder(gzip: true);
        WriteFolder(train: 7);
        Assert.Equal(7, MnistDataset.Load(_dir.Path).TrainCount);
    }

    // Issue 17: IDX folders whose headers or labels cannot make a dataset are refused before the data costs memory.

    [Theory]
    [InlineData("train-images-idx3-ubyte", "train-labels-idx1-ubyte")]
    [InlineData("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte")]
    public void ZeroImagesAreRefusedNamingTheFile(string images, string labels)
    {
        WriteFolder();
        string path = _dir.Write(images, Images(0));
        _dir.Write(labels, Labels(0));
        var e = Assert.Throws<InvalidDataException>(() => MnistDataset.Load(_dir.Path));
        Assert.Contains($"'{path}' holds Byte [0, 28, 28], 0 images", e.Message);
    }

    [Fact]
    public void ImagesOfZeroPixelsAreRefused()
    {
        WriteFolder();
        _dir.Write("train-images-idx3-ubyte", Images(12, rows: 0));
        _dir.Write("t10k-images-idx3-ubyte", Images(5, rows: 0));
        var e = Assert.Throws<InvalidDataException>(() => MnistDataset.Load(_dir.Path));
        Assert.Contains("Byte [12, 0, 28], images of 0 pixels", e.Message);
    }

    [Theory]
    [InlineData(false, 0x08, int.MaxValue)]
    [InlineData(true, 0x08, int.MaxValue)]
    [InlineData(false, 0x0C, 50_000_000)]
    [InlineData(true, 0x0C, 50_000_000)]
    public void ADeclaredLabelCountUnlikeTheImagesIsRefusedFromTheHeader(bool gzip, byte type, int declared)
    {
        // The header lies (the file holds 12 labels): the count is compared with the images before reading anything.
        WriteFolder();
        string name = "train-labels-idx1-ubyte" + (gzip ? ".gz" : "");
        File.Delete(Path.Combine(_dir.Path, "train-labels-idx1-ubyte"));
        byte[] file = Idx(type, [declared], new byte[12 * (type == 0x0C ? 4 : 1)]);
        string path = _dir.Write(name, gzip ? Gzip(file) : file);
        var e = Assert.Throws<InvalidDataException>(() => MnistDataset.Load(_dir.Path));
        Assert.Contains($"has 12 images but '{path}' has {declared} labels", e.Message);
    }

    [Fact]
    public void ALabelsFileThatReallyHoldsManyLabelsCostsNoMemoryToRefuse()
    {
        // 1,000,000 int32 labels (4 MB) beside 12 images: refused from the headers, so far less than the file is allocated.
        WriteFolder();
        _dir.Write("train-labels-idx1-ubyte", Idx(0x0C, [1_000_000], new byte[4_000_000]));
        long before = GC.GetTotalAllocatedBytes(precise: true);
        var e = Assert.Throws<InvalidDataException>(() => MnistDataset.Load(_dir.Path));
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        Assert.Contains("has 1000000 labels", e.Message);
        Assert.True(allocated < 1_000_000, $"allocated {allocated} bytes to refuse a 4 MB labels file");
    }

    [Theory]
    [InlineData(50_000_000)]
    [InlineData(int.MaxValue)]
    [InlineData(MnistDataset.MaxClassCount)]
    public void ALabelAtOrBeyondTheClassCapIsRefused(int label)
    {
        WriteFolder();
        var labels = new int[12];
        labels[3] = label;
        string path = _dir.Write("train-labels-idx1-ubyte", Idx(0x0C, [12], BigEndian(labels)));
        var e = Assert.Throws<InvalidDataException>(() => MnistDataset.Load(_dir.Path));
        Assert.Contains($"'{path}' has the label {label} at index 3", e.Message);
        Assert.Contains($"[0, {MnistDataset.MaxClassCount})", e.Message);
    }

    [Fact]
    public void TheLargestAllowedLabelGivesTheCapAsClassCount()
    {
        WriteFolder();
        var labels = new int[12];
        labels[0] = MnistDataset.MaxClassCount - 1;
        _dir.Write("train-labels-idx1-ubyte", Idx(0x0C, [12], BigEndian(labels)));
        Assert.Equal(MnistDataset.MaxClassCount, MnistDataset.Load(_dir.Path).ClassCount);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ATruncatedImagesFileSaysWhetherItIsGzipped(bool gzip)
    {
        WriteFolder(gzip: gzip);
        byte[] cut = Images(12)[..^5];
        string path = _dir.Write("train-images-idx3-ubyte" + (gzip ? ".gz" : ""), gzip ? Gzip(cut) : cut);
        var e = Assert.Throws<InvalidDataException>(() => MnistDataset.Load(_dir.Path));
        Assert.Contains($"'{path}'{(gzip ? " (gzipped)" : "")} is truncated", e.Message);
        Assert.Contains("9408 bytes of data", e.Message);
        Assert.Contains("only 9403 bytes follow", e.Message);
    }

    [Fact]
    public async Task AFifoInPlaceOfAFileIsRefusedWithoutBlocking()
    {
        WriteFolder();
        string path = Path.Combine(_dir.Path, "train-labels-idx1-ubyte");
        File.Delete(path);
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", path))
        {
            mkfifo.WaitForExit();
            Assert.Equal(0, mkfifo.ExitCode);
        }

        var load = Task.Run(() => MnistDataset.Load(_dir.Path));
        Assert.Same(load, await Task.WhenAny(load, Task.Delay(TimeSpan.FromSeconds(30))));
        var e = await Assert.ThrowsAsync<InvalidDataException>(() => load);
        Assert.Contains($"'{path}' is empty or not a regular file", e.Message);
    }

    [Fact]
    public void FashionMnistConstants()
    {
        Assert.Equal("/usr/share/datasets/fashion-mnist", FashionMnist.DefaultDirectory);
        Assert.Equal("apt-get install dataset-fashion-mnist", FashionMnist.InstallCommand);
        Assert.Equal(
            ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"],
            FashionMnist.ClassNames);
    }
}
