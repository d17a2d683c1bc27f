namespace TfInit.PythonCode;

/// <summary>A node of a parsed snippet; every node knows where it starts, for error messages.</summary>
/// <param name="Position">Where the node starts.</param>
internal abstract record Node(SourcePosition Position);

/// <summary>A name such as <c>n_in</c> or the first part of <c>np.random.randn</c>.</summary>
internal sealed record NameNode(SourcePosition Position, string Name) : Node(Position);

/// <summary>A number, string, <c>True</c>, <c>False</c> or <c>None</c>.</summary>
internal sealed record LiteralNode(SourcePosition Position, object? Value) : Node(Position);

/// <summary><c>target.name</c>.</summary>
internal sealed record AttributeNode(SourcePosition Position, Node Target, string Name) : Node(Position);

/// <summary>A call <c>function(arguments)</c>.</summary>
internal sealed record CallNode(SourcePosition Position, Node Function, IReadOnlyList<ArgumentNode> Arguments) : Node(Position);

/// <summary>One argument of a call: positional, <c>keyword=value</c> or <c>*value</c>.</summary>
internal sealed record ArgumentNode(SourcePosition Position, string? Keyword, bool Starred, Node Value) : Node(Position);

/// <summary><c>left op right</c> for <c>+ - * / **</c>.</summary>
internal sealed record BinaryNode(SourcePosition Position, string Operator, Node Left, Node Right) : Node(Position);

/// <summary><c>-operand</c> or <c>+operand</c>.</summary>
internal sealed record UnaryNode(SourcePosition Position, string Operator, Node Operand) : Node(Position);

/// <summary>A tuple <c>(a, b)</c> or list <c>[a, b]</c>.</summary>
internal sealed record SequenceNode(SourcePosition Position, bool IsTuple, IReadOnlyList<Node> Items) : Node(Position);

/// <summary><c>target[index]</c> with one integer index.</summary>
internal sealed record SubscriptNode(SourcePosition Position, Node Target, Node Index) : Node(Position);

/// <summary>A statement of a snippet.</summary>
/// <param name="Position">Where the statement starts.</param>
internal abstract record Statement(SourcePosition Position);

/// <summary><c>name = value</c>.</summary>
internal sealed record AssignStatement(SourcePosition Position, string Target, Node Value) : Statement(Position);

/// <summary>An expression on its own.</summary>
internal sealed record ExpressionStatement(SourcePosition Position, Node Value) : Statement(Position);

/// <summary><c>import module [as alias]</c> or <c>from module import name [as alias]</c>: binds <paramref name="Alias"/> to <paramref name="Module"/>.</summary>
internal sealed record ImportStatement(SourcePosition Position, string Module, string Alias) : Statement(Position);
