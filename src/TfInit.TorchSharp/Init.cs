using TfInit.Initializers;
using TfInit.Random;
using TfInit.Shapes;
using TfInit.TorchSharp.Filling;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.init;

namespace TfInit.TorchSharp;

/// <summary>
/// <c>torch.nn.init</c> with TorchSharp's names and parameters and PyTorch's math, filled from the TfInit core under
/// <c>no_grad</c> (any floating-point dtype, any device). TorchSharp 0.107's own functions are not used: its
/// <c>xavier_normal_</c> draws a uniform distribution, its <c>trunc_normal_</c> swaps mean and std and its
/// <c>generator</c> argument is ignored. Here every random function takes a <see cref="Generator"/>: one seed is drawn
/// from it (from torch's global generator when none is given, so <c>torch.manual_seed</c> makes the values
/// reproducible) and keys TfInit's Philox stream. Weights are read in PyTorch's layout: <c>[out, in, ..spatial]</c>,
/// fan_in = size(1) * receptive field, fan_out = size(0) * receptive field.
/// </summary>
public static class Init
{
    /// <summary>
    /// PyTorch's <c>calculate_gain</c>: linear, conv and sigmoid 1; tanh 5/3; relu sqrt(2);
    /// leaky_relu sqrt(2 / (1 + slope^2)) with slope <paramref name="param"/> (0.01 when null, as PyTorch; TorchSharp's
    /// own default of 0 gives sqrt(2) instead).
    /// </summary>
    /// <param name="nonlinearity">The nonlinearity after the layer.</param>
    /// <param name="param">The negative slope of leaky_relu; null for PyTorch's 0.01.</param>
    /// <returns>The gain.</returns>
    /// <exception cref="ArgumentException">A value outside the enum or a non-finite slope.</exception>
    public static double calculate_gain(NonlinearityType nonlinearity, double? param = null) =>
        Gain.Calculate(Name(nonlinearity), param);

    /// <summary>PyTorch's <c>calculate_gain</c> by name, including <c>selu</c> (3/4), which TorchSharp's enum lacks.</summary>
    /// <param name="nonlinearity">linear, conv1d, conv2d, conv3d, conv_transpose1d/2d/3d, sigmoid, tanh, relu, leaky_relu or selu.</param>
    /// <param name="param">The negative slope of leaky_relu; null for 0.01.</param>
    /// <returns>The gain.</returns>
    /// <exception cref="ArgumentException">An unknown nonlinearity or a non-finite slope.</exception>
    public static double calculate_gain(string nonlinearity, double? param = null) => Gain.Calculate(nonlinearity, param);

    /// <summary>Fills <paramref name="tensor"/> with U[low, high).</summary>
    /// <param name="tensor">A floating-point tensor.</param>
    /// <param name="low">Lower bound; finite.</param>
    /// <param name="high">Upper bound; finite and &gt; <paramref name="low"/>.</param>
    /// <param name="generator">Where the seed comes from; torch's global generator when null.</param>
    /// <returns><paramref name="tensor"/>.</returns>
    /// <exception cref="ArgumentException">Bounds that are not finite or not increasing, or a non-floating-point tensor.</exception>
    public static Tensor uniform_(Tensor tensor, double low = 0, double high = 1, Generator? generator = null)
    {
        Finite(low, nameof(low));
        Finite(high, nameof(high));
        if (!(low < high))
        {
            throw new ArgumentOutOfRangeException(nameof(high), high, $"high must be greater than low ({low}); got high={high}.");
        }

        return Fill(tensor, new RandomUniform(low, high), generator);
    }

    /// <summary>Fills <paramref name="tensor"/> with N(mean, std^2).</summary>
    /// <param name="tensor">A floating-point tensor.</param>
    /// <param name="mean">The mean; finite.</param>
    /// <param name="std">The standard deviation; finite and &gt;= 0.</param>
    /// <param name="generator">Where the seed comes from; torch's global generator when null.</param>
    /// <returns><paramref name="tensor"/>.</returns>
    /// <exception cref="ArgumentException">A non-finite mean, a negative std, or a non-floating-point tensor.</exception>
    public static Tensor normal_(Tensor tensor, double mean = 0, double std = 1, Generator? generator = null)
    {
        Finite(mean, nameof(mean));
        NonNegative(std, nameof(std));
        return Fill(tensor, new RandomNormal(mean, std), generator);
    }

    /// <summary>
    /// Fills <paramref name="tensor"/> with N(mean, std^2) conditioned on a &lt;= x &lt;= b (a and b absolute, as in
    /// PyTorch), by rejection: a value outside is redrawn, never clamped, so no value lies outside [a, b] and none
    /// comes from rounding an inverse CDF (PyTorch's inverse-CDF sampler produces far outliers in float32 and bfloat16
    /// for a small std with wide cut-offs: pytorch/pytorch#155588, #145498).
    /// </summary>
    /// <param name="tensor">A floating-point tensor.</param>
    /// <param name="mean">Mean of the untruncated normal; finite.</param>
    /// <param name="std">Standard deviation of the untruncated normal; finite and &gt;= 0.</param>
    /// <param name="a">Lower cut-off; finite.</param>
    /// <param name="b">Upper cut-off; finite and &gt; <paramref name="a"/>.</param>
    /// <param name="generator">Where the seed comes from; torch's global generator when null.</param>
    /// <returns><paramref name="tensor"/>.</returns>
    /// <exception cref="ArgumentException">A non-finite argument, a negative std, a &gt;= b, or a non-floating-point tensor.</exception>
    public static Tensor trunc_normal_(Tensor tensor, double mean = 0.0, double std = 1.0, double a = -2.0, double b = 2.0, Generator? generator = null) =>
        Fill(tensor, new TruncNormal(mean, std, a, b), generator);

    /// <summary>Fills <paramref name="tensor"/> with <paramref name="val"/>.</summary>
    /// <param name="tensor">A floating-point tensor.</param>
    /// <param name="val">The value; finite.</param>
    /// <returns><paramref name="tensor"/>.</returns>
    /// <exception cref="ArgumentException">A non-finite value or a non-floating-point tensor.</exception>
    public static Tensor constant_(Tensor tensor, Scalar val)
    {
        ArgumentNullException.ThrowIfNull(val);
        double value = val.ToDouble();
        Finite(value, nameof(val));
        return Fill(tensor, new Constant(value), null);
    }

    /// <summary>Fills <paramref name="tensor"/> with 1.</summary>
    /// <param name="tensor">A floating-point tensor.</param>
    /// <returns><paramref name="tensor"/>.</returns>
    public static Tensor ones_(Tensor tensor) => Fill(tensor, new Ones(), null);

    /// <summary>Fills <paramref name="tensor"/> with 0.</summary>
    /// <param name="tensor">A floating-point tensor.</param>
    /// <returns><paramref name="tensor"/>.</returns>
    public static Tensor zeros_(Tensor tensor) => Fill(tensor, new Zeros(), null);

    /// <summary>Fills a 2-D <paramref name="tensor"/> with the identity matrix (ones on the diagonal, rectangular allowed).</summary>
    /// <param name="tensor">A 2-D floating-point tensor.</param>
    /// <returns><paramref name="tensor"/>.</returns>
    /// <exception cref="ArgumentException">A tensor that is not 2-D.</exception>
    public static Tensor eye_(Tensor tensor) => Fill(tensor, new Eye(), null);

    /// <summary>
    /// Fills a 3-, 4- or 5-D convolution weight <c>[out, in, ..spatial]</c> with the Dirac delta: in each of
    /// <paramref name="groups"/> groups, output channel d takes input channel d at the spatial centre.
    /// </summary>
    /// <param name="tensor">A 3- to 5-D floating-point tensor.</param>
    /// <param name="groups">Number of groups; &gt;= 1 and a divisor of size(0).</param>
    /// <returns><paramref name="tensor"/>.</returns>
    /// <exception cref="ArgumentException">A rank outside 3 to 5 or output channels not divisible by groups.</exception>
    public static Tensor dirac_(Tensor tensor, long groups = 1)
    {
        if (groups < 1 || groups > int.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(groups), groups, "groups must be an integer >= 1.");
        }

        return Fill(tensor, new Dirac((int)groups) { Layout = FanLayout.Torch }, null);
    }

    /// <summary>Xavier/Glorot uniform (Glorot and Bengio 2010, "Understanding the difficulty of training deep feedforward neural networks"): U[-bound, bound), bound = gain * sqrt(6 / (fan_in + fan_out)).</summary>
    /// <param name="tensor">A floating-point tensor of rank &gt;= 2.</param>
    /// <param name="gain">Scaling factor; finite and &gt; 0.</param>
    /// <param name="generator">Where the seed comes from; torch's global generator when null.</param>
    /// <returns><paramref name="tensor"/>.</returns>
    /// <exception cref="ArgumentException">Rank below 2, a bad gain, or a non-floating-point tensor.</exception>
    public static Tensor xavier_uniform_(Tensor tensor, double gain = 1.0, Generator? generator = null) =>
        Fill(tensor, new XavierUniform(gain) { Layout = FanLayout.Torch }, generator);

    /// <summary>TorchSharp's alias of <see cref="xavier_uniform_"/>.</summary>
    /// <param name="tensor">A floating-point tensor of rank &gt;= 2.</param>
    /// <param name="gain">Scaling factor; finite and &gt; 0.</param>
    /// <param name="generator">Where the seed comes from; torch's global generator when null.</param>
    /// <returns><paramref name="tensor"/>.</returns>
    public static Tensor glorot_uniform_(Tensor tensor, double gain = 1.0, Generator? generator = null) =>
        xavier_uniform_(tensor, gain, generator);

    /// <summary>Xavier/Glorot normal (Glorot and Bengio 2010): N(0, std^2), std = gain * sqrt(2 / (fan_in + fan_out)), untruncated. (TorchSharp 0.107's draws a uniform distribution.)</summary>
    /// <param name="tensor">A floating-point tensor of rank &gt;= 2.</param>
    /// <param name="gain">Scaling factor; finite and &gt; 0.</param>
    /// <param name="generator">Where the seed comes from; torch's global generator when null.</param>
    /// <returns><paramref name="tensor"/>.</returns>
    /// <exception cref="ArgumentException">Rank below 2, a bad gain, or a non-floating-point tensor.</exception>
    public static Tensor xavier_normal_(Tensor tensor, double gain = 1.0, Generator? generator = null) =>
        Fill(tensor, new XavierNormal(gain) { Layout = FanLayout.Torch }, generator);

    /// <summary>TorchSharp's alias of <see cref="xavier_normal_"/>.</summary>
    /// <param name="tensor">A floating-point tensor of rank &gt;= 2.</param>
    /// <param name="gain">Scaling factor; finite and &gt; 0.</param>
    /// <param name="generator">Where the seed comes from; torch's global generator when null.</param>
    /// <returns><paramref name="tensor"/>.</returns>
    public static Tensor glorot_normal_(Tensor tensor, double gain = 1.0, Generator? generator = null) =>
        xavier_normal_(tensor, gain, generator);

    /// <summary>
    /// Kaiming/He uniform (He et al. 2015, "Delving deep into rectifiers"): U[-bound, bound), bound = gain * sqrt(3 / fan),
    /// gain = calculate_gain(nonlinearity, a), fan = fan_in or fan_out.
    /// </summary>
    /// <param name="tensor">A floating-point tensor of rank &gt;= 2.</param>
    /// <param name="a">Negative slope of the rectifier after the layer (leaky_relu).</param>
    /// <param name="mode">FanIn keeps the forward variance, FanOut the backward one.</param>
    /// <param name="nonlinearity">The nonlinearity after the layer.</param>
    /// <param name="generator">Where the seed comes from; torch's global generator when null.</param>
    /// <returns><paramref name="tensor"/>.</returns>
    /// <exception cref="ArgumentException">Rank below 2, a non-finite slope, or a non-floating-point tensor.</exception>
    public static Tensor kaiming_uniform_(Tensor tensor, double a = 0, FanInOut mode = FanInOut.FanIn,
        NonlinearityType nonlinearity = NonlinearityType.LeakyReLU, Generator? generator = null) =>
        Fill(tensor, new KaimingUniform(a, Mode(mode), Name(nonlinearity)) { Layout = FanLayout.Torch }, generator);

    /// <summary>
    /// Kaiming/He normal (He et al. 2015): N(0, std^2), std = gain / sqrt(fan), gain = calculate_gain(nonlinearity, a),
    /// fan = fan_in or fan_out.
    /// </summary>
    /// <param name="tensor">A floating-point tensor of rank &gt;= 2.</param>
    /// <param name="a">Negative slope of the rectifier after the layer (leaky_relu).</param>
    /// <param name="mode">FanIn keeps the forward variance, FanOut the backward one.</param>
    /// <param name="nonlinearity">The nonlinearity after the layer.</param>
    /// <param name="generator">Where the seed comes from; torch's global generator when null.</param>
    /// <returns><paramref name="tensor"/>.</returns>
    /// <exception cref="ArgumentException">Rank below 2, a non-finite slope, or a non-floating-point tensor.</exception>
    public static Tensor kaiming_normal_(Tensor tensor, double a = 0, FanInOut mode = FanInOut.FanIn,
        NonlinearityType nonlinearity = NonlinearityType.LeakyReLU, Generator? generator = null) =>
        Fill(tensor, new KaimingNormal(a, Mode(mode), Name(nonlinearity)) { Layout = FanLayout.Torch }, generator);

    /// <summary>
    /// A (semi-)orthogonal matrix times <paramref name="gain"/> (Saxe et al. 2014, "Exact solutions to the nonlinear
    /// dynamics of learning in deep linear neural networks"), flattened as PyTorch does: rows = size(0),
    /// cols = numel / rows; the QR of a normal matrix, Q times sign(diag(R)), transposed when rows &lt; cols.
    /// </summary>
    /// <param name="tensor">A floating-point tensor of rank &gt;= 2.</param>
    /// <param name="gain">Multiplicative factor; finite.</param>
    /// <param name="generator">Where the seed comes from; torch's global generator when null.</param>
    /// <returns><paramref name="tensor"/>.</returns>
    /// <exception cref="ArgumentException">Rank below 2, a non-finite gain, or a non-floating-point tensor.</exception>
    public static Tensor orthogonal_(Tensor tensor, double gain = 1.0, Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        Finite(gain, nameof(gain));
        if (tensor.Dimensions < 2)
        {
            throw new ArgumentException($"orthogonal_ needs a tensor of rank 2 or more; got shape [{string.Join(", ", tensor.shape)}].", nameof(tensor));
        }

        long rows = tensor.shape[0];
        using var matrix = tensor.view(rows, tensor.numel() / rows);
        Fill(matrix, new Orthogonal(gain), generator);
        return tensor;
    }

    /// <summary>
    /// The sparse initialization of Martens (2010, "Deep learning via Hessian-free optimization") on a 2-D
    /// <c>[out, in]</c> weight: N(0, std^2), and in every column ceil(sparsity * rows) entries set to 0.
    /// </summary>
    /// <param name="tensor">A 2-D floating-point tensor.</param>
    /// <param name="sparsity">Fraction of each column set to zero; in [0, 1).</param>
    /// <param name="std">Standard deviation of the non-zero values; finite and &gt;= 0.</param>
    /// <param name="generator">Where the seed comes from; torch's global generator when null.</param>
    /// <returns><paramref name="tensor"/>.</returns>
    /// <exception cref="ArgumentException">A tensor that is not 2-D, sparsity outside [0, 1), or a bad std.</exception>
    public static Tensor sparse_(Tensor tensor, double sparsity, double std = 0.01, Generator? generator = null) =>
        Fill(tensor, new Sparse(sparsity, std) { Layout = FanLayout.Torch }, generator);

    /// <summary>PyTorch's <c>_calculate_fan_in_and_fan_out</c>: (size(1), size(0)) times the receptive field size.</summary>
    /// <param name="tensor">A tensor of rank &gt;= 2.</param>
    /// <returns>fan_in and fan_out.</returns>
    /// <exception cref="ArgumentException">Rank below 2.</exception>
    public static (long fanIn, long fanOut) CalculateFanInAndFanOut(Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        var fans = Fans.Compute(TensorFill.Dimensions(tensor), FanLayout.Torch);
        return (fans.FanIn, fans.FanOut);
    }

    private static Tensor Fill(Tensor tensor, Initializer initializer, Generator? generator)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if (!TensorFill.IsSupported(tensor.dtype))
        {
            throw new ArgumentException(
                $"The tensor has dtype {tensor.dtype}; torch.nn.init fills floating-point tensors (Float16, BFloat16, Float32, Float64).",
                nameof(tensor));
        }

        RandomStream? stream = initializer is RandomInitializer ? Seeds.From(generator) : null;
        try
        {
            return TensorFill.Fill(tensor, initializer, stream);
        }
        catch (ArgumentException e) when (e.ParamName == "shape")
        {
            // The core names its own argument; the caller passed a tensor.
            throw new ArgumentException(e.Message.Replace(" (Parameter 'shape')", string.Empty, StringComparison.Ordinal), nameof(tensor), e);
        }
    }

    private static string Mode(FanInOut mode) => mode switch
    {
        FanInOut.FanIn => "fan_in",
        FanInOut.FanOut => "fan_out",
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "mode must be FanIn or FanOut."),
    };

    private static string Name(NonlinearityType nonlinearity) => nonlinearity switch
    {
        NonlinearityType.Linear => "linear",
        NonlinearityType.Conv1D => "conv1d",
        NonlinearityType.Conv2D => "conv2d",
        NonlinearityType.Conv3D => "conv3d",
        NonlinearityType.ConvTranspose1D => "conv_transpose1d",
        NonlinearityType.ConvTranspose2D => "conv_transpose2d",
        NonlinearityType.ConvTranspose3D => "conv_transpose3d",
        NonlinearityType.Sigmoid => "sigmoid",
        NonlinearityType.Tanh => "tanh",
        NonlinearityType.ReLU => "relu",
        NonlinearityType.LeakyReLU => "leaky_relu",
        _ => throw new ArgumentOutOfRangeException(nameof(nonlinearity), nonlinearity, "Unknown nonlinearity."),
    };

    private static void Finite(double value, string name)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be a finite number; got {value}.");
        }
    }

    private static void NonNegative(double value, string name)
    {
        if (!(value >= 0 && double.IsFinite(value)))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be a finite number >= 0; got {value}.");
        }
    }
}
