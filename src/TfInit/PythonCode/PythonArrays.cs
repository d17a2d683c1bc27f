using TfInit.Initializers;

namespace TfInit.PythonCode;

/// <summary>
/// Array values written as Python: <c>np.array([...], dtype=...)</c> (numpy's dtype inference: int64 for ints, bool for
/// bools, float64 otherwise) and nested lists or tuples of numbers handed to an initializer (<c>Constant([1, 2, 3])</c>),
/// kept in the form Keras would serialize them in (a list stays a list, an array becomes <c>__numpy__</c>).
/// </summary>
internal static class PythonArrays
{
    /// <summary>Adds <c>np.array</c> and <c>np.asarray</c>.</summary>
    public static void Register(FunctionTable table) => table.Add(Array, "numpy.array", "numpy.asarray");

    /// <summary>The argument <paramref name="parameter"/> (a nested list/tuple of numbers, or a numpy array) as a config array value.</summary>
    public static ArrayValue ToArrayValue(CallArguments args, string parameter)
    {
        object? value = args.Value(parameter);
        if (value is NdArray array)
        {
            return Checked(args, parameter, () => new ArrayValue(array.Data, array.Shape, array.DType));
        }

        var (data, shape, integral, _) = Flatten(args, parameter, value, allowBool: false);
        return Checked(args, parameter, () => new ArrayValue(data, shape, integral.All(b => b) ? "int64" : "float64", ArrayForm.List, integral, parameter));
    }

    /// <summary><c>np.array(object, dtype=None)</c>: a nested list or tuple of numbers (or an array) as an array.</summary>
    private static object? Array(Interpreter interpreter, CallNode call, string name)
    {
        var args = CallArguments.Bind(interpreter, name, call, ["object", "dtype"]);
        object? value = args.Value("object") ?? throw PythonCodeException.At(call.Position, $"{name}() missing required argument 'object'");
        NdArray array;
        if (value is NdArray given)
        {
            array = given with { Data = (double[])given.Data.Clone() };
        }
        else
        {
            var (data, shape, integral, bools) = Flatten(args, "object", value, allowBool: true);
            string dtype = data.Length > 0 && bools.All(b => b) ? "bool" : integral.All(b => b) && data.Length > 0 ? "int64" : "float64";
            array = new NdArray(data, shape, dtype);
        }

        return args.Has("dtype") && args.Value("dtype") is not null ? Arithmetic.AsType(array, args, "dtype") : array;
    }

    private static (double[] Data, int[] Shape, bool[] Integral, bool[] Bools) Flatten(CallArguments args, string parameter, object? value, bool allowBool)
    {
        var data = new List<double>();
        var integral = new List<bool>();
        var bools = new List<bool>();
        int[] shape = Nested(args, parameter, value, allowBool, data, integral, bools);
        return ([.. data], shape, [.. integral], [.. bools]);
    }

    private static int[] Nested(CallArguments args, string parameter, object? value, bool allowBool, List<double> data, List<bool> integral, List<bool> bools)
    {
        switch (value)
        {
            case long l:
                data.Add(l);
                integral.Add(true);
                bools.Add(false);
                return [];
            case double d:
                data.Add(d);
                integral.Add(false);
                bools.Add(false);
                return [];
            case bool b when allowBool:
                data.Add(b ? 1 : 0);
                integral.Add(true);
                bools.Add(true);
                return [];
            case PySequence sequence:
                int[]? inner = null;
                foreach (object? item in sequence.Items)
                {
                    int[] shape = Nested(args, parameter, item, allowBool, data, integral, bools);
                    if (inner is not null && !inner.AsSpan().SequenceEqual(shape))
                    {
                        throw args.Rejected(parameter,
                            "numpy raises ValueError: setting an array element with a sequence. The requested array has an inhomogeneous shape (a ragged list)");
                    }

                    inner = shape;
                }

                return [sequence.Items.Count, .. inner ?? []];
            default:
                throw args.Invalid(parameter, value, "numbers, or (nested) lists or tuples of numbers");
        }
    }

    private static ArrayValue Checked(CallArguments args, string parameter, Func<ArrayValue> create)
    {
        try
        {
            return create();
        }
        catch (ArgumentException e)
        {
            throw args.Rejected(parameter, e.Message);
        }
    }
}
