using System.Globalization;
using System.Text;
using System.Text.Json;

namespace TfInit.Initializers;

/// <summary>
/// An array-valued config entry (Keras <c>Constant(value=np.array(...))</c>, <c>STFT(window=[...])</c>): row-major values,
/// their shape, and how Keras's <c>serialize_keras_object</c> writes it: a numpy array as
/// <c>{"class_name": "__numpy__", "config": {"value": [...], "dtype": "float64"}}</c>, a backend tensor as
/// <c>__tensor__</c>, a Python list as a plain (nested) JSON list. <see cref="Initializer.GetConfig"/> returns it for such
/// keys, and the JSON reader and writer keep the form, so a config read from Keras is written back as Keras wrote it.
/// </summary>
public sealed class ArrayValue : IEquatable<ArrayValue>
{
    /// <summary>The numpy dtypes a <c>__numpy__</c> / <c>__tensor__</c> value may name (Keras's numeric dtypes that hold reals).</summary>
    public static IReadOnlyList<string> DTypes { get; } =
        ["float16", "float32", "float64", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64", "bool"];

    private readonly double[] _values;
    private readonly int[] _shape;

    // For the List form: which elements were Python ints (written without a decimal point), as [1, 2.5] keeps them.
    private readonly bool[]? _integral;

    /// <summary>Creates a numpy-array value (the <c>__numpy__</c> form).</summary>
    /// <param name="values">The elements in row-major order; copied, and rounded to <paramref name="dtype"/> as numpy's <c>np.array(values, dtype)</c> would.</param>
    /// <param name="shape">The array's shape; its element count must equal the length of <paramref name="values"/>.</param>
    /// <param name="dtype">A dtype of <see cref="DTypes"/>; float64 by default, numpy's dtype for Python floats.</param>
    /// <exception cref="ArgumentException">A shape that does not match the values, a negative dimension, an unknown dtype, or a value the dtype cannot hold.</exception>
    public ArrayValue(double[] values, int[] shape, string dtype = "float64")
        : this(values, shape, dtype, ArrayForm.NumPy, null, nameof(values))
    {
    }

    internal ArrayValue(double[] values, int[] shape, string dtype, ArrayForm form, bool[]? integral, string paramName)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(shape);
        int count = Shapes.Shape.ElementCount(shape, paramName);
        if (count != values.Length)
        {
            throw new ArgumentException($"An array of shape {Shapes.Shape.Format(shape)} holds {count} elements; {values.Length} were given.", paramName);
        }

        if (!DTypes.Contains(dtype))
        {
            throw new ArgumentException($"'{dtype}' is not a dtype an array value may have; allowed: {string.Join(", ", DTypes)}.", paramName);
        }

        _values = new double[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            _values[i] = Cast(values[i], dtype, i, paramName);
        }

        _shape = (int[])shape.Clone();
        DType = dtype;
        Form = form;
        _integral = form == ArrayForm.List ? (bool[]?)integral?.Clone() : null;
    }

    /// <summary>The elements, row-major.</summary>
    public ReadOnlySpan<double> Values => _values;

    /// <summary>The array's shape (empty for a 0-d array).</summary>
    public ReadOnlySpan<int> Shape => _shape;

    /// <summary>The number of elements.</summary>
    public int Count => _values.Length;

    /// <summary>The numpy dtype: the one written in <c>__numpy__</c>, or numpy's inference for a list (int64 when every element is an int, else float64).</summary>
    public string DType { get; }

    /// <summary>How Keras writes it: a Python list, a numpy array, or a backend tensor.</summary>
    public ArrayForm Form { get; }

    /// <summary>The element of largest magnitude (0 for an empty array) and its row-major index.</summary>
    internal (double Value, int Index) Largest()
    {
        (double Value, int Index) best = (0, 0);
        for (int i = 0; i < _values.Length; i++)
        {
            if (Math.Abs(_values[i]) > Math.Abs(best.Value))
            {
                best = (_values[i], i);
            }
        }

        return best;
    }

    /// <summary>Whether element <paramref name="index"/> is written as an integer.</summary>
    internal bool IsIntegral(int index) => Form == ArrayForm.List
        ? _integral?[index] ?? DType == "int64"
        : DType is not ("float16" or "float32" or "float64" or "bool");

    /// <inheritdoc />
    public bool Equals(ArrayValue? other) =>
        other is not null && DType == other.DType && Form == other.Form && _shape.AsSpan().SequenceEqual(other._shape)
        && _values.Select(BitConverter.DoubleToInt64Bits).SequenceEqual(other._values.Select(BitConverter.DoubleToInt64Bits))
        && Enumerable.Range(0, Count).All(i => IsIntegral(i) == other.IsIntegral(i));

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as ArrayValue);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(DType, Form, _values.Length, _values.Length > 0 ? _values[0] : 0);

    /// <summary>A short description for labels and messages: <c>array(shape (3, 3), float64)</c>, or the values when there are at most 8.</summary>
    /// <returns>The text.</returns>
    public override string ToString()
    {
        if (_values.Length > 8)
        {
            return $"array(shape {Shapes.Shape.Format(_shape)}, {DType})";
        }

        var text = new StringBuilder("[");
        for (int i = 0; i < _values.Length; i++)
        {
            text.Append(i == 0 ? "" : ", ").Append(_values[i].ToString("R", CultureInfo.InvariantCulture));
        }

        return text.Append(']').ToString();
    }

    /// <summary>
    /// Reads an array from Keras JSON: a (nested) list of numbers, or a <c>__numpy__</c> / <c>__tensor__</c> object whose
    /// <c>value</c> is one; null for anything else (a number, a string, null), which the caller reads as such.
    /// </summary>
    /// <param name="element">The JSON value.</param>
    /// <param name="key">The config key, for messages.</param>
    /// <returns>The array, or null.</returns>
    /// <exception cref="ArgumentException">A ragged list, a non-number element, another <c>class_name</c>, or a dtype outside <see cref="DTypes"/>.</exception>
    internal static ArrayValue? Read(JsonElement element, string key)
    {
        if (element.ValueKind == JsonValueKind.Array)
        {
            var values = new List<double>();
            var integral = new List<bool>();
            int[] shape = Nested(element, key, values, integral, allowBool: false);
            bool ints = integral.All(b => b);
            return new ArrayValue([.. values], shape, ints ? "int64" : "float64", ArrayForm.List, [.. integral], key);
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        string? className = element.TryGetProperty("class_name", out var name) && name.ValueKind == JsonValueKind.String ? name.GetString() : null;
        var form = className switch
        {
            "__numpy__" => ArrayForm.NumPy,
            "__tensor__" => ArrayForm.Tensor,
            _ => throw new ArgumentException(
                $"'{key}' is a JSON object with class_name {(className is null ? "missing" : $"'{className}'")}; an array value is a list or Keras's {{\"class_name\": \"__numpy__\", \"config\": {{\"value\": [...], \"dtype\": \"float64\"}}}}.", key),
        };
        if (!element.TryGetProperty("config", out var config) || config.ValueKind != JsonValueKind.Object
            || !config.TryGetProperty("value", out var inner) || !config.TryGetProperty("dtype", out var dtypeElement) || dtypeElement.ValueKind != JsonValueKind.String)
        {
            throw new ArgumentException($"'{key}' ({className}) needs a config with 'value' (a list) and 'dtype' (a string), as Keras writes it.", key);
        }

        string dtype = ConfigReader.Text(dtypeElement, key);
        if (!DTypes.Contains(dtype))
        {
            throw new ArgumentException($"'{key}' has dtype '{dtype}'; TfInit reads the real dtypes {string.Join(", ", DTypes)}.", key);
        }

        var items = new List<double>();
        var kinds = new List<bool>();
        // np.array(5.0, dtype) is a 0-d array: a scalar value is an array of shape ().
        int[] dims = inner.ValueKind is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False
            ? Scalar(inner, key, items, kinds, allowBool: dtype == "bool")
            : inner.ValueKind == JsonValueKind.Array
                ? Nested(inner, key, items, kinds, allowBool: dtype == "bool")
                : throw new ArgumentException($"'{key}' ({className}) has a 'value' that is {inner.ValueKind}; it must be a list of numbers.", key);
        return new ArrayValue([.. items], dims, dtype, form, null, key);
    }

    private static int[] Scalar(JsonElement element, string key, List<double> values, List<bool> integral, bool allowBool)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Number:
                integral.Add(element.TryGetInt64(out long l) && !element.GetRawText().Contains('.') && !element.GetRawText().Contains('e', StringComparison.OrdinalIgnoreCase));
                values.Add(integral[^1] ? l : element.GetDouble());
                return [];
            case JsonValueKind.True or JsonValueKind.False when allowBool:
                integral.Add(false);
                values.Add(element.ValueKind == JsonValueKind.True ? 1 : 0);
                return [];
            default:
                throw new ArgumentException($"'{key}' holds {element.GetRawText()}; every element of an array value must be a number.", key);
        }
    }

    /// <summary>Flattens a nested JSON list row-major and returns its shape; numpy refuses ragged lists, and so does this.</summary>
    private static int[] Nested(JsonElement element, string key, List<double> values, List<bool> integral, bool allowBool)
    {
        if (element.ValueKind != JsonValueKind.Array)
        {
            return Scalar(element, key, values, integral, allowBool);
        }

        int[]? inner = null;
        int length = 0;
        foreach (var item in element.EnumerateArray())
        {
            int[] shape = Nested(item, key, values, integral, allowBool);
            if (inner is not null && !inner.AsSpan().SequenceEqual(shape))
            {
                throw new ArgumentException(
                    $"'{key}' is a ragged list (parts of shape {Shapes.Shape.Format(inner)} and {Shapes.Shape.Format(shape)}); numpy refuses an inhomogeneous array, and so does TfInit.", key);
            }

            inner = shape;
            length++;
        }

        return [length, .. inner ?? []];
    }

    /// <summary>numpy's <c>np.array(x, dtype)</c> for one element: rounded to the float type, or checked to fit the integer type.</summary>
    private static double Cast(double value, string dtype, int index, string paramName)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(paramName, value, $"Element {index} of the array is {value}; every element must be a finite number.");
        }

        if (dtype is not ("float16" or "float32" or "float64"))
        {
            (double min, double max) = dtype switch
            {
                "int8" => (sbyte.MinValue, sbyte.MaxValue),
                "int16" => (short.MinValue, short.MaxValue),
                "int32" => (int.MinValue, int.MaxValue),
                "uint8" => (0, byte.MaxValue),
                "uint16" => (0, ushort.MaxValue),
                "uint32" => (0, uint.MaxValue),
                "bool" => (0, 1),
                // int64 / uint64: the values are held as doubles, so only the integers a double holds exactly are taken.
                "uint64" => (0, 9007199254740992),
                _ => (-9007199254740992, 9007199254740992),
            };
            if (value != Math.Floor(value) || value < min || value > max)
            {
                throw new ArgumentOutOfRangeException(paramName, value, string.Create(CultureInfo.InvariantCulture,
                    $"Element {index} of the array is {value:R}, which dtype {dtype} does not hold exactly (integers from {min:R} to {max:R})."));
            }

            return value;
        }

        double rounded = dtype switch
        {
            "float16" => (double)(Half)value,
            "float32" => (float)value,
            _ => value,
        };
        if (!double.IsFinite(rounded))
        {
            throw new ArgumentOutOfRangeException(paramName, value,
                $"Element {index} of the array is {value.ToString("R", CultureInfo.InvariantCulture)}, beyond the range of {dtype}.");
        }

        return rounded;
    }
}
