using TfInit.Initializers;
using TfInit.Random;
using TfInit.Shapes;

namespace TfInit.PythonCode;

/// <summary>
/// The numpy and TensorFlow-variable functions of the tutorial's lines, with numpy 1.x legacy semantics:
/// <c>np.random.randn/rand/uniform/normal/standard_normal/random_sample</c> draw in numpy's order from the
/// interpreter's stream (bit-identical to numpy on <see cref="NumPyRandomState"/>), <c>np.sqrt</c>, <c>math.sqrt</c>,
/// and <c>tf.Variable(x)</c> as the identity. Where numpy raises, so does this, with numpy's reason.
/// </summary>
internal static class NumPyFunctions
{
    // Named delegates instead of Action<..., Span<double>>: .NET 8 cannot pass a span as a generic argument.
    private delegate void DrawInto(RandomStream stream, Span<double> destination);

    private delegate void SizedDraw(RandomStream stream, Span<double> destination, CallArguments arguments);

    /// <summary>Adds the functions and constants to <paramref name="table"/>.</summary>
    public static void Register(FunctionTable table)
    {
        table.Add((i, c, n) => Dimensions(i, c, n, (s, d) => s.StandardNormal(d)), "numpy.random.randn");
        table.Add((i, c, n) => Dimensions(i, c, n, (s, d) => s.Uniform(d)), "numpy.random.rand");
        table.Add((i, c, n) => Sized(i, c, n, [], (s, d, _) => s.StandardNormal(d)), "numpy.random.standard_normal");
        table.Add((i, c, n) => Sized(i, c, n, [], (s, d, _) => s.Uniform(d)), "numpy.random.random_sample", "numpy.random.random");
        table.Add(Uniform, "numpy.random.uniform");
        table.Add(Normal, "numpy.random.normal");
        table.AddRefused("numpy.random.seed",
            "is not run: the seed comes from --seed (or the initializer's seed) and --rng numpy gives numpy's stream, as np.random.seed(seed) would");
        table.Add((i, c, n) => Sqrt(i, c, n, allowArrays: true), "numpy.sqrt");
        table.Add((i, c, n) => Sqrt(i, c, n, allowArrays: false), "math.sqrt");
        table.Add(Variable, "tensorflow.Variable");
        table.Add(GetVariable, "tensorflow.get_variable");
        table.AddPrefix("tensorflow.compat.v1.", "tensorflow.");
        foreach (string module in new[] { "numpy", "math" })
        {
            table.AddConstant(module + ".pi", () => Math.PI);
            table.AddConstant(module + ".e", () => Math.E);
        }

        foreach (string module in new[] { "numpy", "tensorflow" })
        {
            foreach (string dtype in new[] { "float16", "float32", "float64" })
            {
                table.AddConstant($"{module}.{dtype}", () => new PyDType(dtype));
            }
        }
    }

    /// <summary><c>randn(d0, d1, ...)</c> and <c>rand(d0, d1, ...)</c>: separate integer dimensions, no keywords.</summary>
    private static object? Dimensions(Interpreter interpreter, CallNode call, string name, DrawInto draw)
    {
        if (call.Arguments.FirstOrDefault(a => a.Keyword is not null) is { } keyword)
        {
            throw PythonCodeException.At(keyword.Position, $"{name}() got an unexpected keyword argument '{keyword.Keyword}'; it takes the dimensions as separate integers: {name}(d0, d1, ...)");
        }

        var dims = new List<int>();
        foreach (var argument in call.Arguments)
        {
            object? value = interpreter.Evaluate(argument.Value);
            IEnumerable<object?> items = argument.Starred
                ? value as PySequence is { } s ? s.Items : throw PythonCodeException.At(argument.Position, $"argument after * must be a tuple or list, not {CallArguments.TypeName(value)}")
                : [value];
            foreach (object? item in items)
            {
                if (item is PySequence sequence)
                {
                    string spelled = argument.Value is NameNode n ? n.Name : "shape";
                    throw PythonCodeException.At(argument.Position,
                        $"numpy raises TypeError: '{(sequence.IsTuple ? "tuple" : "list")}' object cannot be interpreted as an integer; {name} takes the dimensions as separate integers: write {name}(*{spelled})");
                }

                dims.Add(Dimension(item, argument.Position));
            }
        }

        // numpy: randn() and rand() with no dimensions return one float, not a 0-d array.
        return Draw(interpreter, call, name, dims.Count == 0 ? null : dims.ToArray(), draw);
    }

    /// <summary><c>standard_normal(size=None)</c> and friends: a size argument (None, an int or a tuple/list of ints).</summary>
    private static object? Sized(Interpreter interpreter, CallNode call, string name, string[] before, SizedDraw draw)
    {
        var args = CallArguments.Bind(interpreter, name, call, [.. before, "size"]);
        int[]? size = Size(args);
        return Draw(interpreter, call, name, size, (s, d) => draw(s, d, args));
    }

    private static object? Uniform(Interpreter interpreter, CallNode call, string name) =>
        Sized(interpreter, call, name, ["low", "high"], (stream, destination, args) =>
        {
            double low = Number(args, "low", 0.0);
            double high = Number(args, "high", 1.0);
            double range = high - low;
            if (!double.IsFinite(range))
            {
                throw args.Rejected("high", "numpy raises OverflowError: Range exceeds valid bounds (high - low must be finite)");
            }

            stream.Uniform(destination);
            for (int i = 0; i < destination.Length; i++)
            {
                // numpy's legacy uniform: low + range * u, range computed once.
                destination[i] = low + (range * destination[i]);
            }
        });

    private static object? Normal(Interpreter interpreter, CallNode call, string name) =>
        Sized(interpreter, call, name, ["loc", "scale"], (stream, destination, args) =>
        {
            double loc = Number(args, "loc", 0.0);
            double scale = Number(args, "scale", 1.0);
            if (!(scale >= 0))
            {
                throw args.Rejected("scale", "numpy raises ValueError: scale < 0");
            }

            stream.StandardNormal(destination);
            for (int i = 0; i < destination.Length; i++)
            {
                // numpy's legacy normal: loc + scale * gauss, even for loc = 0 (which turns -0.0 into 0.0).
                destination[i] = loc + (scale * destination[i]);
            }
        });

    private static double Number(CallArguments args, string name, double fallback) => args.Value(name, fallback) switch
    {
        NdArray => throw args.Invalid(name, args.Value(name), "a number (array arguments are not supported)"),
        _ => args.Double(name, fallback),
    };

    private static object? Draw(Interpreter interpreter, CallNode call, string name, int[]? shape, DrawInto draw)
    {
        var stream = interpreter.Stream
            ?? throw PythonCodeException.At(call.Position, $"{name}() draws numbers, which needs the tensor's shape: give the code to tfinit as numpy lines that assign W");
        if (shape is null)
        {
            Span<double> one = stackalloc double[1];
            draw(stream, one);
            return one[0];
        }

        long count = 1;
        foreach (int d in shape)
        {
            count *= d;
            if (count > interpreter.MaxArrayElements)
            {
                // Refused before allocating: a mistyped dimension must not take the machine's memory.
                throw PythonCodeException.At(call.Position,
                    $"{name}(): an array of shape {Shape.Format(shape)} has more elements than the tensor being filled ({interpreter.MaxArrayElements}); draw with n_in, n_out or *shape");
            }
        }

        var data = new double[count];
        draw(stream, data);
        return new NdArray(data, shape);
    }

    private static int[]? Size(CallArguments args)
    {
        object? size = args.Value("size");
        var at = args.PositionOf("size");
        return size switch
        {
            null => null,
            PySequence s => s.Items.Select(i => Dimension(i, at)).ToArray(),
            _ => [Dimension(size, at)],
        };
    }

    private static int Dimension(object? value, SourcePosition at) => value switch
    {
        long l when l < 0 => throw PythonCodeException.At(at, "numpy raises ValueError: negative dimensions are not allowed"),
        long l when l > int.MaxValue => throw PythonCodeException.At(at, $"the dimension {l} is too large; at most {int.MaxValue}"),
        long l => (int)l,
        bool b => b ? 1 : 0,
        _ => throw PythonCodeException.At(at, $"numpy raises TypeError: '{CallArguments.TypeName(value)}' object cannot be interpreted as an integer; dimensions must be integers (use int(...) or n_in, n_out)"),
    };

    private static object? Sqrt(Interpreter interpreter, CallNode call, string name, bool allowArrays)
    {
        var args = CallArguments.Bind(interpreter, name, call, ["x"]);
        object? x = args.Value("x") ?? throw PythonCodeException.At(call.Position, $"{name}() missing required argument 'x'");
        if (x is NdArray array)
        {
            return allowArrays
                ? Arithmetic.Map(array, v => v < 0 ? throw args.Rejected("x", "the square root of a negative number is nan in numpy (RuntimeWarning: invalid value); allowed: numbers >= 0") : Math.Sqrt(v))
                : throw args.Invalid("x", x, "a number (math.sqrt takes no arrays; use np.sqrt)");
        }

        double v = Arithmetic.ToDouble(x, args.PositionOf("x"));
        if (v < 0)
        {
            throw args.Rejected("x", allowArrays
                ? "the square root of a negative number is nan in numpy (RuntimeWarning: invalid value); allowed: numbers >= 0"
                : "Python raises ValueError: math domain error; allowed: numbers >= 0");
        }

        return Math.Sqrt(v);
    }

    private static object? Variable(Interpreter interpreter, CallNode call, string name)
    {
        var args = CallArguments.Bind(interpreter, name, call, ["initial_value", "trainable", "validate_shape", "caching_device", "name", "variable_def", "dtype"]);
        object? value = args.Value("initial_value") ?? throw PythonCodeException.At(call.Position, $"{name}() missing required argument 'initial_value'");
        args.FloatDType();
        return value is NdArray array && args.Has("dtype") ? Arithmetic.AsType(array, args, "dtype") : value;
    }

    /// <summary><c>tf.get_variable(name, shape, dtype, initializer)</c>: the initializer fills the shape from the snippet's stream.</summary>
    private static object? GetVariable(Interpreter interpreter, CallNode call, string name)
    {
        var args = CallArguments.Bind(interpreter, name, call, ["name", "shape", "dtype", "initializer"]);
        args.FloatDType();
        int[] shape = args.Value("shape") is PySequence dims
            ? dims.Items.Select(i => Dimension(i, args.PositionOf("shape"))).ToArray()
            : throw args.Invalid("shape", args.Value("shape"), "a list of integers, e.g. [n_in, n_out]");
        var initializer = args.Value("initializer") as Initializer
            ?? throw args.Invalid("initializer", args.Value("initializer"), "an initializer call, e.g. tf.contrib.layers.xavier_initializer()");
        var stream = interpreter.Stream ?? throw PythonCodeException.At(call.Position, $"{name}() needs the tensor's shape");
        if (shape.Aggregate(1.0, (a, d) => a * Math.Max(d, 0)) > interpreter.MaxArrayElements)
        {
            throw args.Rejected("shape", $"a variable of shape {Shape.Format(shape)} has more elements than the tensor being filled ({interpreter.MaxArrayElements})");
        }

        var data = new double[Shape.ElementCount(shape)];
        initializer.Fill(data, shape, stream);
        return new NdArray(data, shape);
    }
}
