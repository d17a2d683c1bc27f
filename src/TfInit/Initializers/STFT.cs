using TfInit.Random;
using TfInit.Signal;
using TfInit.Shapes;

namespace TfInit.Initializers;

/// <summary>
/// Keras <c>STFT(side="real", window="hann", scaling="density", periodic=False)</c> (aliases <c>stft</c>,
/// <c>STFTInitializer</c>): the kernel of a Conv1D that computes one half of a short-time Fourier transform (Allen,
/// "Short Term Spectral Analysis, Synthesis, and Modification by Discrete Fourier Transform", 1977), as Keras 3.16's
/// STFTSpectrogram layer uses it. For a kernel of shape [T, 1, F] (T = frame length, F = fft_length / 2 + 1 bins),
/// with N = 2 (F - 1): <c>kernel[t, 0, f] = cos(-2 pi t f / N) * w[t] / s</c> for side "real" (<c>sin</c> for "imag"),
/// where w is scipy's <c>get_window(window, T, fftbins=periodic)</c> or the given values, and s = sqrt(sum w^2) for
/// "density", sum |w| for "spectrum", 1 for null; with window null there is no window and no scaling.
/// </summary>
public sealed class STFT : Initializer, IRegisteredInitializer<STFT>
{
    private const string DefaultSide = "real";
    private const string DefaultWindow = "hann";
    private const string DefaultScaling = "density";
    private const bool DefaultPeriodic = false;

    // The window and its scale for the last frame length filled: a slice or block must not recompute it per run.
    private volatile WindowCache? _cache;

    /// <summary>Creates the initializer with a named window (or none).</summary>
    /// <param name="side">"real" (cosine) or "imag" (sine).</param>
    /// <param name="window">A scipy window name that takes no parameters (hann, hamming, blackman, tukey, ...; scipy's aliases too), or null for no window.</param>
    /// <param name="scaling">"density" (L2), "spectrum" (L1) or null (none).</param>
    /// <param name="periodic">True for the periodic window (scipy's fftbins=True), false for the symmetric one.</param>
    /// <exception cref="ArgumentException">Another side or scaling, or an unknown window name.</exception>
    public STFT(string side = DefaultSide, string? window = DefaultWindow, string? scaling = DefaultScaling, bool periodic = DefaultPeriodic)
        : this(side, window, null, scaling, periodic)
    {
    }

    /// <summary>Creates the initializer with the window's values given.</summary>
    /// <param name="side">"real" (cosine) or "imag" (sine).</param>
    /// <param name="window">The window: a 1-D array as long as the frame length.</param>
    /// <param name="scaling">"density" (L2), "spectrum" (L1) or null (none).</param>
    /// <param name="periodic">Kept in the config; a given window is used as it is.</param>
    /// <exception cref="ArgumentException">Another side or scaling, or a window that is not 1-D.</exception>
    public STFT(string side, ArrayValue window, string? scaling = DefaultScaling, bool periodic = DefaultPeriodic)
        : this(side, null, window ?? throw new ArgumentNullException(nameof(window)), scaling, periodic)
    {
    }

    private STFT(string side, string? windowName, ArrayValue? windowValues, string? scaling, bool periodic)
    {
        ArgumentNullException.ThrowIfNull(side);
        if (side is not ("real" or "imag"))
        {
            throw new ArgumentException($"side is '{side}'; it must be 'real' or 'imag'.", nameof(side));
        }

        if (scaling is not (null or "density" or "spectrum"))
        {
            throw new ArgumentException($"scaling is '{scaling}'; it must be 'density', 'spectrum' or null.", nameof(scaling));
        }

        if (windowName is not null)
        {
            Windows.CheckName(windowName, "window");
        }

        if (windowValues is not null && windowValues.Shape.Length != 1)
        {
            throw new ArgumentException($"window is an array of shape {Shape.Format(windowValues.Shape)}; it must be 1-D, one value per frame sample.", "window");
        }

        Side = side;
        WindowName = windowName;
        WindowValues = windowValues;
        Scaling = scaling;
        Periodic = periodic;
    }

    /// <summary>"real" or "imag".</summary>
    public string Side { get; }

    /// <summary>The scipy window's name, or null (no window, or <see cref="WindowValues"/>).</summary>
    public string? WindowName { get; }

    /// <summary>The window's values when they were given, else null.</summary>
    public ArrayValue? WindowValues { get; }

    /// <summary>"density", "spectrum" or null.</summary>
    public string? Scaling { get; }

    /// <summary>Whether a named window is periodic (scipy's fftbins).</summary>
    public bool Periodic { get; }

    /// <inheritdoc />
    public static string Formula => "[T, 1, F]: cos|sin(-2 pi t f / (2 (F - 1))) * w[t] / s; w a scipy window, s its L2 (density) or L1 (spectrum) norm";

    /// <inheritdoc />
    public static int ListOrder => 145;

    /// <inheritdoc />
    public static IReadOnlyList<string> MoreAliases => ["STFTInitializer"];

    /// <inheritdoc />
    public static IReadOnlyList<string> ConstructorOrder => ["side", "window", "scaling", "periodic"];

    /// <inheritdoc />
    public static STFT FromConfig(ConfigReader config)
    {
        string side = config.String("side", DefaultSide);
        var values = config.Array("window");
        string? name = values is null ? config.NullableString("window", DefaultWindow) : null;
        bool periodic = config.Bool("periodic", DefaultPeriodic);
        string? scaling = config.NullableString("scaling", DefaultScaling);
        return new STFT(side, name, values, scaling, periodic);
    }

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, object?> GetConfig() => new Dictionary<string, object?>
    {
        ["side"] = Side,
        ["window"] = (object?)WindowValues ?? WindowName,
        ["periodic"] = Periodic,
        ["scaling"] = Scaling,
    };

    /// <inheritdoc />
    public override bool FillsPartsAlone => true;

    /// <inheritdoc />
    protected override void FillCore(Span<double> destination, ReadOnlySpan<int> shape, RandomStream? stream) =>
        FillSliceCore(destination, shape, 0);

    /// <inheritdoc />
    protected override void FillSliceCore(Span<double> destination, ReadOnlySpan<int> shape, long offset)
    {
        Check.Rank(shape, 3, 3, ClassName);
        int frames = shape[0];
        int bins = shape[2];
        if (shape[1] != 1)
        {
            // Keras ignores the middle axis and returns a [T, 1, F] kernel whatever it is; a kernel of another shape is refused here.
            throw new ArgumentException($"STFT fills a kernel of shape [frame_length, 1, bins]; got {Shape.Format(shape)}, whose axis 1 is {shape[1]}.", "shape");
        }

        if (destination.IsEmpty)
        {
            // Keras's empty kernel: nothing is divided, but a given window must still be as long as the frame.
            if (WindowValues is not null && WindowValues.Count != frames)
            {
                WindowFor(frames);
            }

            return;
        }

        if (bins < 2)
        {
            throw new ArgumentException($"STFT needs at least 2 frequency bins (fft_length = 2 (bins - 1) > 0); got shape {Shape.Format(shape)}.", "shape");
        }

        var window = WindowFor(frames);
        int fftLength = (bins - 1) * 2;
        bool real = Side == "real";
        for (int i = 0; i < destination.Length; i++)
        {
            long at = offset + i;
            int t = (int)(at / bins);
            int f = (int)(at % bins);
            // Keras's order of operations: ((-2 * time) * freq) * pi, with freq = f / fft_length.
            double angle = -2.0 * t * ((double)f / fftLength) * Math.PI;
            double value = real ? Math.Cos(angle) : Math.Sin(angle);
            destination[i] = window is null ? value : value * window.Values[t] / window.Scale;
        }
    }

    /// <summary>The window of <paramref name="frames"/> samples and its scale, or null without a window.</summary>
    private WindowCache? WindowFor(int frames)
    {
        if (WindowName is null && WindowValues is null)
        {
            return null;
        }

        if (_cache is { } cached && cached.Values.Length == frames)
        {
            return cached;
        }

        double[] w;
        if (WindowValues is not null)
        {
            if (WindowValues.Count != frames)
            {
                throw new ArgumentException(
                    $"The shape of window must be [frame_length]: the window has {WindowValues.Count} values and the kernel's frame length (axis 0) is {frames}.", "window");
            }

            w = WindowValues.Values.ToArray();
        }
        else
        {
            w = Windows.Get(WindowName!, frames, Periodic);
        }

        double scale = Scaling switch
        {
            "density" => Math.Sqrt(w.Sum(x => x * x)),
            "spectrum" => w.Sum(Math.Abs),
            _ => 1,
        };
        if (!(scale > 0) && Scaling is not null)
        {
            // A window that is all zeros (bohman or parzen of 2 samples) has no norm: Keras divides 0 by 0 and writes NaN.
            throw new ArgumentException(
                $"The {(WindowName is null ? "given" : $"'{WindowName}'")} window of {frames} samples has {Scaling} scale {scale:R} (its values are all zero or too small), so every value would be 0 / 0 or infinite; use another window, frame length or scaling=null.",
                "window");
        }

        var cache = new WindowCache(w, scale);
        _cache = cache;
        return cache;
    }

    private sealed record WindowCache(double[] Values, double Scale);
}
