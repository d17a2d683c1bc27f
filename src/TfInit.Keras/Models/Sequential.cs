using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using TfInit.Keras.Layers;
using TfInit.Random;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TfInit.Keras.Models;

/// <summary>Keras <c>Sequential</c>: a stack of layers, each fed the previous one's output.</summary>
public sealed partial class Sequential
{
    private readonly List<Layer> _layers = [];
    private readonly Dictionary<string, int> _autoNamed = [];

    /// <summary>Creates a model from layers.</summary>
    /// <param name="layers">The layers, in order.</param>
    /// <param name="name">The model's name.</param>
    public Sequential(IEnumerable<Layer>? layers = null, string name = "sequential")
    {
        Name = name;
        foreach (var layer in layers ?? [])
        {
            Add(layer);
        }
    }

    /// <summary>The model's name.</summary>
    public string Name { get; }

    /// <summary>The layers, in order.</summary>
    public IReadOnlyList<Layer> Layers => _layers;

    /// <summary>The input shape it was built for, without the batch axis; empty before <see cref="Build"/>.</summary>
    public long[] InputShape { get; private set; } = [];

    /// <summary>Whether <see cref="Build"/> has run.</summary>
    public bool Built => InputShape.Length > 0;

    /// <summary>Appends a layer, naming it after its type (<c>dense</c>, <c>dense_1</c>, ...) when it has no name.</summary>
    /// <param name="layer">The layer.</param>
    /// <exception cref="InvalidOperationException">The model is already built.</exception>
    /// <exception cref="ArgumentException">The layer's given name is already used in this model.</exception>
    public void Add(Layer layer)
    {
        ArgumentNullException.ThrowIfNull(layer);
        if (Built)
        {
            throw new InvalidOperationException("Layers cannot be added to a built model.");
        }

        if (layer.Name is null)
        {
            // As Keras: only auto-named layers are counted; a name already in the model is skipped.
            string baseName = SnakeCase().Replace(layer.TypeName, "_$1").ToLowerInvariant();
            int count = _autoNamed.GetValueOrDefault(baseName);
            string name;
            do
            {
                name = count == 0 ? baseName : $"{baseName}_{count}";
                count++;
            }
            while (_layers.Any(l => l.Name == name));

            _autoNamed[baseName] = count;
            layer.Name = name;
        }
        else if (_layers.Any(l => l.Name == layer.Name))
        {
            throw new ArgumentException(
                $"All layers of a Sequential model need unique names; '{layer.Name}' is already the name of a layer in this model.", nameof(layer));
        }

        _layers.Add(layer);
    }

    /// <summary>
    /// Builds every layer in order for inputs of <paramref name="inputShape"/> (without the batch axis).
    /// </summary>
    /// <param name="inputShape">The input shape, e.g. [784] or [28, 28, 1].</param>
    /// <param name="dtype">float32 (Keras's default) or float64.</param>
    /// <param name="stream">A stream all initializers draw from in layer order, or null for their own seeds.</param>
    /// <exception cref="ArgumentException">An empty or non-positive input shape, or one a layer cannot take.</exception>
    public void Build(long[] inputShape, ScalarType dtype = ScalarType.Float32, RandomStream? stream = null)
    {
        if (inputShape.Length == 0 || inputShape.Any(d => d <= 0))
        {
            throw new ArgumentException(
                $"The input shape ({string.Join(", ", inputShape)}) must have at least one axis, all positive.", nameof(inputShape));
        }

        long[] shape = inputShape;
        foreach (var layer in _layers)
        {
            layer.Build(shape, dtype, stream);
            shape = layer.OutputShape;
        }

        InputShape = inputShape;
    }

    /// <summary>Runs a batch through every layer.</summary>
    /// <param name="input">[batch, ..<see cref="InputShape"/>].</param>
    /// <param name="training">Training mode (batch statistics, dropout).</param>
    /// <returns>The last layer's output.</returns>
    /// <exception cref="ArgumentException">The input's shape does not match the built input shape.</exception>
    public Tensor Call(Tensor input, bool training = false) => Forward(input, training, null);

    /// <summary>
    /// Runs a batch through every layer, handing each layer's output to <paramref name="observe"/> (the
    /// probes use it).
    /// </summary>
    /// <param name="input">[batch, ..<see cref="InputShape"/>].</param>
    /// <param name="training">Training mode.</param>
    /// <param name="observe">Called with each layer's index and output, or null.</param>
    /// <returns>The last layer's output.</returns>
    public Tensor Forward(Tensor input, bool training, Action<int, Tensor>? observe)
    {
        if (!Built)
        {
            throw new InvalidOperationException("Build the model (Build(inputShape)) before calling it.");
        }

        if (!input.shape.Skip(1).SequenceEqual(InputShape))
        {
            throw new ArgumentException(
                $"The input has shape ({string.Join(", ", input.shape)}) but the model takes (batch, {string.Join(", ", InputShape)}).",
                nameof(input));
        }

        using var scope = NewDisposeScope();
        var x = input;
        for (int i = 0; i < _layers.Count; i++)
        {
            x = _layers[i].Call(x, training);
            observe?.Invoke(i, x);
        }

        return x.MoveToOuterDisposeScope();
    }

    /// <summary>The trainable parameters, for an optimizer.</summary>
    /// <returns>The parameters in layer order.</returns>
    public IEnumerable<Parameter> TrainableParameters() =>
        _layers.SelectMany(l => l.Weights).Where(w => w.Trainable).Select(w => w.Value);

    /// <summary>A Keras-like table of the layers, output shapes and parameter counts.</summary>
    /// <returns>The table.</returns>
    public string Summary()
    {
        var rows = _layers.Select(layer => (
            Name: $"{layer.Name} ({layer.TypeName})",
            Shape: layer.Built ? $"(None, {string.Join(", ", layer.OutputShape)})" : "(unbuilt)",
            Params: layer.ParamCount.ToString("N0", CultureInfo.InvariantCulture))).ToList();

        // Keras's column widths, widened so a long "name (Type)" or shape never runs into the next column.
        int nameWidth = Math.Max(28, rows.Select(r => r.Name.Length + 2).DefaultIfEmpty(0).Max());
        int shapeWidth = Math.Max(26, rows.Select(r => r.Shape.Length + 2).DefaultIfEmpty(0).Max());
        int width = 1 + nameWidth + shapeWidth + 10;
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Model: \"{Name}\"");
        text.AppendLine(new string('_', width));
        text.AppendLine(Row("Layer (type)", "Output Shape", "Param #"));
        text.AppendLine(new string('=', width));
        for (int i = 0; i < rows.Count; i++)
        {
            text.AppendLine(Row(rows[i].Name, rows[i].Shape, rows[i].Params));
            text.AppendLine(i == rows.Count - 1 ? new string('=', width) : "");
        }

        long total = _layers.Sum(l => l.ParamCount);
        long trainable = _layers.SelectMany(l => l.Weights).Where(w => w.Trainable).Sum(w => w.Value.numel());
        text.AppendLine(CultureInfo.InvariantCulture, $"Total params: {total:N0}");
        text.AppendLine(CultureInfo.InvariantCulture, $"Trainable params: {trainable:N0}");
        text.AppendLine(CultureInfo.InvariantCulture, $"Non-trainable params: {total - trainable:N0}");
        text.Append(new string('_', width));
        return text.ToString();

        string Row(string a, string b, string c) => " " + a.PadRight(nameWidth) + b.PadRight(shapeWidth) + c;
    }

    [GeneratedRegex("(?<=[a-z])([A-Z])")]
    private static partial Regex SnakeCase();
}
