using TfInit.Shapes;

namespace TfInit.PythonCode;

/// <summary>
/// Python's <c>+ - * / **</c> on ints (exact, as Python's unbounded ints within 64 bits), floats (IEEE double, as
/// CPython) and float64 arrays (element-wise, as numpy; a scalar meets every element, arrays must have equal shapes).
/// </summary>
internal static class Arithmetic
{
    // Python's int / int is exactly rounded; through double that holds while both ints are exactly representable.
    private const long ExactDoubleLimit = 1L << 53;

    /// <summary>Applies a binary operator.</summary>
    public static object? Binary(string op, object? left, object? right, SourcePosition at)
    {
        if (left is NdArray || right is NdArray)
        {
            return ArrayBinary(op, left, right, at);
        }

        if (left is bool lb)
        {
            left = lb ? 1L : 0L;
        }

        if (right is bool rb)
        {
            right = rb ? 1L : 0L;
        }

        if (left is long a && right is long b)
        {
            return IntBinary(op, a, b, at);
        }

        if (left is long or double && right is long or double)
        {
            return FloatBinary(op, ToDouble(left, at), ToDouble(right, at), at);
        }

        if (op == "+" && left is PySequence x && right is PySequence y && x.IsTuple == y.IsTuple)
        {
            return new PySequence(x.Items.Concat(y.Items).ToArray(), x.IsTuple);
        }

        throw PythonCodeException.At(at,
            $"unsupported operand type(s) for {op}: '{CallArguments.TypeName(left)}' and '{CallArguments.TypeName(right)}' (TypeError); allowed: numbers and numpy arrays");
    }

    /// <summary>Applies unary minus or plus.</summary>
    public static object? Unary(string op, object? operand, SourcePosition at) => operand switch
    {
        bool b => op == "-" ? -(b ? 1L : 0L) : b ? 1L : 0L,
        long l when op == "-" => l == long.MinValue ? throw TooLarge(at) : -l,
        long l => l,
        double d => op == "-" ? -d : d,
        NdArray a => op == "-" ? Map(a, v => -v) : a,
        _ => throw PythonCodeException.At(at, $"bad operand type for unary {op}: '{CallArguments.TypeName(operand)}' (TypeError)"),
    };

    /// <summary><c>array.astype(dtype)</c>: float32 rounds each value to the nearest float (numpy's cast), float64 copies.</summary>
    public static NdArray AsType(NdArray array, CallArguments args, string parameter)
    {
        string? dtype = args.Value(parameter) switch
        {
            PyDType t => t.Name,
            string s => s,
            _ => null,
        };
        return dtype switch
        {
            "float64" or "float" or "double" => array with { Data = (double[])array.Data.Clone(), DType = "float64" },
            "float32" or "single" => Map(array, v => (float)v) with { DType = "float32" },
            "float16" or "half" => Map(array, v => (double)(Half)v) with { DType = "float16" },
            _ => throw args.Invalid(parameter, args.Value(parameter), "'float32', 'float64', 'float16', np.float32, np.float64"),
        };
    }

    /// <summary>A Python number as a double; ints must be exactly representable.</summary>
    public static double ToDouble(object? value, SourcePosition at) => value switch
    {
        double d => d,
        long l => l,
        bool b => b ? 1 : 0,
        _ => throw PythonCodeException.At(at, $"must be a real number, not {CallArguments.TypeName(value)} (TypeError)"),
    };

    /// <summary>Applies <paramref name="f"/> to every element.</summary>
    public static NdArray Map(NdArray a, Func<double, double> f)
    {
        var data = new double[a.Data.Length];
        for (int i = 0; i < data.Length; i++)
        {
            data[i] = f(a.Data[i]);
        }

        return new NdArray(data, a.Shape);
    }

    private static object IntBinary(string op, long a, long b, SourcePosition at)
    {
        try
        {
            switch (op)
            {
                case "+": return checked(a + b);
                case "-": return checked(a - b);
                case "*": return checked(a * b);
                case "/":
                    if (b == 0)
                    {
                        throw PythonCodeException.At(at, "division by zero (ZeroDivisionError)");
                    }

                    if (Math.Abs(a) > ExactDoubleLimit || Math.Abs(b) > ExactDoubleLimit)
                    {
                        throw PythonCodeException.At(at, "integer division of values beyond 2**53 is not supported");
                    }

                    return (double)a / b;
                default:
                    if (b < 0)
                    {
                        return FloatBinary(op, a, b, at);
                    }

                    long result = 1;
                    for (long i = 0; i < b; i++)
                    {
                        result = checked(result * a);
                        if (result is 0 or 1)
                        {
                            break;
                        }
                    }

                    return result == 1 && a == -1 && b % 2 == 1 ? -1L : result;
            }
        }
        catch (OverflowException)
        {
            throw TooLarge(at);
        }
    }

    private static double FloatBinary(string op, double a, double b, SourcePosition at)
    {
        switch (op)
        {
            case "+": return a + b;
            case "-": return a - b;
            case "*": return a * b;
            case "/":
                return b == 0 ? throw PythonCodeException.At(at, "float division by zero (ZeroDivisionError)") : a / b;
            default:
                if (a == 0 && b < 0)
                {
                    throw PythonCodeException.At(at, "0.0 cannot be raised to a negative power (ZeroDivisionError)");
                }

                if (a < 0 && b != Math.Floor(b))
                {
                    throw PythonCodeException.At(at, "a negative number raised to a fractional power is complex in Python; allowed: real results only");
                }

                double p = Math.Pow(a, b);
                return double.IsInfinity(p) && double.IsFinite(a) && double.IsFinite(b)
                    ? throw PythonCodeException.At(at, "numerical result out of range (OverflowError)")
                    : p;
        }
    }

    private static NdArray ArrayBinary(string op, object? left, object? right, SourcePosition at)
    {
        Func<double, double, double> f = op switch
        {
            "+" => (x, y) => x + y,
            "-" => (x, y) => x - y,
            "*" => (x, y) => x * y,
            "/" => (x, y) => x / y,
            _ => Math.Pow,
        };
        if (left is NdArray a && right is NdArray b)
        {
            if (!a.Shape.SequenceEqual(b.Shape))
            {
                throw PythonCodeException.At(at,
                    $"operands of shapes {Shape.Format(a.Shape)} and {Shape.Format(b.Shape)}: only equal shapes or an array and a number are supported");
            }

            var data = new double[a.Data.Length];
            for (int i = 0; i < data.Length; i++)
            {
                data[i] = f(a.Data[i], b.Data[i]);
            }

            return new NdArray(data, a.Shape);
        }

        if (left is NdArray array)
        {
            double s = Scalar(right, op, left, at);
            return Map(array, x => f(x, s));
        }

        double scalar = Scalar(left, op, right, at);
        return Map((NdArray)right!, y => f(scalar, y));
    }

    private static double Scalar(object? value, string op, object? other, SourcePosition at) => value is long or double or bool
        ? ToDouble(value, at)
        : throw PythonCodeException.At(at,
            $"unsupported operand type(s) for {op}: '{CallArguments.TypeName(value)}' and '{CallArguments.TypeName(other)}'; allowed: numbers and numpy arrays");

    private static PythonCodeException TooLarge(SourcePosition at) =>
        PythonCodeException.At(at, $"integer result beyond {long.MaxValue} is not supported");
}
