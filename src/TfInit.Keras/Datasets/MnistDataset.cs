namespace TfInit.Keras.Datasets;

/// <summary>
/// A dataset in the MNIST format (MNIST, Fashion-MNIST, Kuzushiji-MNIST...): training and test images as
/// <see cref="float"/> pixels in [0, 1] (byte / 255) and their integer class labels, read from a folder of four IDX files.
/// Images are flat and row-major: image <c>i</c> is <c>TrainImages[(i * ImageSize)..((i + 1) * ImageSize)]</c>, so the
/// arrays have shape [count, <see cref="ImageSize"/>] (= [count, <see cref="ImageHeight"/>, <see cref="ImageWidth"/>]).
/// </summary>
public sealed class MnistDataset
{
    private static readonly string[] s_roles = ["train-images", "train-labels", "t10k-images", "t10k-labels"];

    private MnistDataset(
        string directory, float[] trainImages, long[] trainLabels, float[] testImages, long[] testLabels,
        int imageHeight, int imageWidth, int classCount)
    {
        Directory = directory;
        TrainImages = trainImages;
        TrainLabels = trainLabels;
        TestImages = testImages;
        TestLabels = testLabels;
        ImageHeight = imageHeight;
        ImageWidth = imageWidth;
        ClassCount = classCount;
    }

    /// <summary>
    /// The most classes a dataset may have: every label lies in [0, MaxClassCount). The model's output layer has one
    /// unit per class, so a corrupt label (50,000,000, 2147483647) would otherwise build a layer of that many units;
    /// 1000 covers MNIST and Fashion-MNIST (10), EMNIST (62), Kuzushiji-49 and ImageNet-size label sets.
    /// </summary>
    public const int MaxClassCount = 1000;

    /// <summary>
    /// The standard names of the four files; each may also end in <c>.gz</c>, and the variant naming with a dot
    /// (<c>train-images.idx3-ubyte</c>) is accepted too.
    /// </summary>
    public static IReadOnlyList<string> FileNames { get; } =
        ["train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"];

    /// <summary>The folder the files were read from (a full path).</summary>
    public string Directory { get; }

    /// <summary>The training images, <see cref="TrainCount"/> x <see cref="ImageSize"/> pixels in [0, 1], row-major.</summary>
    public float[] TrainImages { get; }

    /// <summary>The training labels, one per image, in [0, <see cref="ClassCount"/>).</summary>
    public long[] TrainLabels { get; }

    /// <summary>The test images, <see cref="TestCount"/> x <see cref="ImageSize"/> pixels in [0, 1], row-major.</summary>
    public float[] TestImages { get; }

    /// <summary>The test labels, one per image, in [0, <see cref="ClassCount"/>).</summary>
    public long[] TestLabels { get; }

    /// <summary>The number of training images (after the <c>trainLimit</c> of <see cref="Load"/>).</summary>
    public int TrainCount => TrainLabels.Length;

    /// <summary>The number of test images.</summary>
    public int TestCount => TestLabels.Length;

    /// <summary>The number of pixel rows of an image (28 for MNIST).</summary>
    public int ImageHeight { get; }

    /// <summary>The number of pixel columns of an image (28 for MNIST).</summary>
    public int ImageWidth { get; }

    /// <summary>The number of pixels of an image, <see cref="ImageHeight"/> x <see cref="ImageWidth"/> (784 for MNIST): the model's input size.</summary>
    public int ImageSize => ImageHeight * ImageWidth;

    /// <summary>The number of classes: the largest label in the training (all of it, before any limit) and test files, plus one.</summary>
    public int ClassCount { get; }

    /// <summary>
    /// Reads the four IDX files (plain or gzipped) of an MNIST-format folder and checks them: images are unsigned bytes
    /// of shape [count, rows, columns] with at least one image of at least 1x1 pixels, labels integers of shape [count]
    /// in [0, <see cref="MaxClassCount"/>), each image file has as many images as its label file has labels, and
    /// training and test images have the same size. The headers are checked against each other before any data is
    /// read, and each file's declared size against its length (plain files) or the bytes it inflates to (gzip), so a
    /// lying header costs no more memory than the file holds.
    /// </summary>
    /// <param name="directory">
    /// The folder; <see cref="FashionMnist.DefaultDirectory"/> when null. It holds the files of <see cref="FileNames"/>,
    /// each plain or with <c>.gz</c> (a file found under both names is read plain).
    /// </param>
    /// <param name="trainLimit">Keep only the first this many training images (all of them when null or larger than the file).</param>
    /// <returns>The dataset.</returns>
    /// <exception cref="ArgumentException"><paramref name="directory"/> is empty or white space, or <paramref name="trainLimit"/> is less than 1.</exception>
    /// <exception cref="FileNotFoundException">
    /// The folder or some of its files are missing; the message lists the files the folder needs and how to install Fashion-MNIST
    /// (<see cref="FashionMnist.InstallCommand"/>).
    /// </exception>
    /// <exception cref="InvalidDataException">A file is not valid IDX, or the files do not fit together; the message names the files and the counts or shapes.</exception>
    public static MnistDataset Load(string? directory = null, int? trainLimit = null)
    {
        if (directory is not null)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        }

        if (trainLimit is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(trainLimit), trainLimit, "The training limit must be at least 1.");
        }

        string dir = Path.GetFullPath(directory ?? FashionMnist.DefaultDirectory);
        string[] paths = FindFiles(dir, isDefault: directory is null);

        // The headers first: files that cannot fit together are refused before any data is allocated (a labels file
        // that really holds 5e7 labels beside 60,000 images would otherwise cost 2 GB to reject).
        IdxHeader[] headers = [.. paths.Select(ReadHeader)];
        CheckImages(headers[0], paths[0]);
        CheckImages(headers[2], paths[2]);
        CheckLabels(headers[1], paths[1]);
        CheckLabels(headers[3], paths[3]);
        CheckCounts(headers[0], paths[0], headers[1], paths[1]);
        CheckCounts(headers[2], paths[2], headers[3], paths[3]);
        if (headers[0].Shape[1] != headers[2].Shape[1] || headers[0].Shape[2] != headers[2].Shape[2])
        {
            throw new InvalidDataException(
                $"The training images '{paths[0]}' are {headers[0].Shape[1]}x{headers[0].Shape[2]} but the test images " +
                $"'{paths[2]}' are {headers[2].Shape[1]}x{headers[2].Shape[2]}; both must have the same size.");
        }

        // The four files are independent: decompress them side by side.
        Task<IdxArray>[] reads = [.. paths.Select(p => Task.Run(() => IdxFile.Read(p)))];
        try
        {
            Task.WaitAll(reads);
        }
        catch (AggregateException)
        {
            // Report the first failing file in file order, as a single exception.
            foreach (Task<IdxArray> read in reads)
            {
                if (read.Exception is { } e)
                {
                    System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
                }
            }

            throw;
        }

        IdxArray trainImages = reads[0].Result, testImages = reads[2].Result;
        for (int i = 0; i < reads.Length; i++)
        {
            if (!reads[i].Result.Shape.AsSpan().SequenceEqual(headers[i].Shape))
            {
                throw new InvalidDataException($"'{paths[i]}' changed while it was read: it declared {headers[i]}, then {reads[i].Result}.");
            }
        }

        long[] trainY = LabelValues(reads[1].Result, paths[1]);
        long[] testY = LabelValues(reads[3].Result, paths[3]);
        int classCount = (int)Math.Max(trainY.Length == 0 ? -1 : trainY.Max(), testY.Length == 0 ? -1 : testY.Max()) + 1;
        int height = trainImages.Shape[1], width = trainImages.Shape[2];
        int count = Math.Min(trainImages.Shape[0], trainLimit ?? int.MaxValue);
        if (count < trainY.Length)
        {
            trainY = trainY[..count];
        }

        return new MnistDataset(
            dir,
            Normalize(trainImages.GetData<byte>(), count * height * width),
            trainY,
            Normalize(testImages.GetData<byte>(), testImages.Length),
            testY,
            height,
            width,
            classCount);
    }

    /// <summary>The path of each of the four files in <paramref name="dir"/>, or a <see cref="FileNotFoundException"/> naming the missing ones.</summary>
    internal static string[] FindFiles(string dir, bool isDefault)
    {
        string needs =
            $"An MNIST-format folder needs the four IDX files {string.Join(", ", FileNames)} (each plain or gzipped as .gz; " +
            "names like train-images.idx3-ubyte are accepted too). " +
            $"Fashion-MNIST is installed into {FashionMnist.DefaultDirectory} by `{FashionMnist.InstallCommand}` (Debian/Ubuntu, as root).";
        if (!System.IO.Directory.Exists(dir))
        {
            string what = isDefault
                ? $"Fashion-MNIST is not installed: the folder {dir} does not exist. Install it with `{FashionMnist.InstallCommand}`, " +
                  $"or point to another MNIST-format folder (--data DIR). {needs}"
                : $"The data folder {dir} does not exist. {needs}";
            throw new FileNotFoundException(what, dir);
        }

        var paths = new string[FileNames.Count];
        var missing = new List<string>();
        for (int i = 0; i < paths.Length; i++)
        {
            string rest = FileNames[i][s_roles[i].Length..]; // "-idx3-ubyte"
            string[] candidates =
            [
                FileNames[i], FileNames[i] + ".gz", s_roles[i] + "." + rest[1..], s_roles[i] + "." + rest[1..] + ".gz",
            ];
            paths[i] = candidates.Select(c => Path.Combine(dir, c)).FirstOrDefault(File.Exists) ?? "";
            if (paths[i].Length == 0)
            {
                missing.Add($"{FileNames[i]}[.gz]");
            }
        }

        if (missing.Count > 0)
        {
            throw new FileNotFoundException(
                $"The folder {dir} lacks {string.Join(", ", missing)}. {needs}", Path.Combine(dir, missing[0].Replace("[.gz]", "", StringComparison.Ordinal)));
        }

        return paths;
    }

    /// <summary>The header of <paramref name="path"/>; an empty file, or a FIFO or device (whose size reads 0), is refused without opening it.</summary>
    private static IdxHeader ReadHeader(string path)
    {
        if (new FileInfo(path).Length == 0)
        {
            throw new InvalidDataException(
                $"'{path}' is empty or not a regular file (a FIFO or device); expected an IDX file starting with the magic number 00 00 <type> <ndim>.");
        }

        return IdxFile.ReadHeader(path);
    }

    private static void CheckImages(IdxHeader images, string path)
    {
        if (images.DataType != IdxDataType.Byte || images.Shape.Length != 3)
        {
            throw new InvalidDataException(
                $"'{path}' holds {images}; expected the images of an MNIST-format dataset: unsigned bytes of shape [count, rows, columns] (idx3-ubyte).");
        }

        if (images.Shape.Contains(0))
        {
            string none = images.Shape[0] == 0 ? "0 images" : "images of 0 pixels";
            throw new InvalidDataException(
                $"'{path}' holds {images}, {none}; a dataset needs at least one image of at least 1x1 pixels in each of its training and test files.");
        }
    }

    private static void CheckLabels(IdxHeader labels, string path)
    {
        if (labels.DataType is IdxDataType.Single or IdxDataType.Double || labels.Shape.Length != 1)
        {
            throw new InvalidDataException(
                $"'{path}' holds {labels}; expected the labels of an MNIST-format dataset: integers of shape [count] (idx1-ubyte).");
        }
    }

    private static long[] LabelValues(IdxArray labels, string path)
    {
        long[] values = labels.ToInt64();
        int bad = Array.FindIndex(values, v => v is < 0 or >= MaxClassCount);
        if (bad >= 0)
        {
            throw new InvalidDataException(
                values[bad] < 0
                    ? $"'{path}' has the negative label {values[bad]} at index {bad}; class labels start at 0."
                    : $"'{path}' has the label {values[bad]} at index {bad}; class labels must lie in [0, {MaxClassCount}) ({MaxClassCount} classes at most).");
        }

        return values;
    }

    private static void CheckCounts(IdxHeader images, string imagesPath, IdxHeader labels, string labelsPath)
    {
        if (images.Shape[0] != labels.Shape[0])
        {
            throw new InvalidDataException(
                $"'{imagesPath}' has {images.Shape[0]} images but '{labelsPath}' has {labels.Shape[0]} labels; they must match, one label per image.");
        }
    }

    /// <summary>The first <paramref name="length"/> bytes as floats byte / 255, exactly 0 and 1 at the ends.</summary>
    private static float[] Normalize(byte[] pixels, int length)
    {
        Span<float> table = stackalloc float[256];
        for (int v = 0; v < 256; v++)
        {
            table[v] = v / 255f;
        }

        var result = new float[length];
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = table[pixels[i]];
        }

        return result;
    }
}
