using System.Text;

namespace Platter.Dumps.Xml;

/// <summary>
/// The tags of an element with no attributes as bytes (<c>&lt;id&gt;</c>, <c>&lt;/id&gt;</c>
/// and <c>&lt;id/&gt;</c>), made once so that <see cref="XmlScanner"/> can recognise the
/// element by comparing bytes, without scanning its tags.
/// </summary>
internal sealed class ElementTags
{
    public ElementTags(string name)
    {
        Name = Encoding.ASCII.GetBytes(name);
        Open = Encoding.ASCII.GetBytes($"<{name}>");
        Close = Encoding.ASCII.GetBytes($"</{name}>");
        Empty = Encoding.ASCII.GetBytes($"<{name}/>");
    }

    /// <summary>The element's name (<c>id</c>).</summary>
    public byte[] Name { get; }

    /// <summary><c>&lt;id&gt;</c></summary>
    public byte[] Open { get; }

    /// <summary><c>&lt;/id&gt;</c></summary>
    public byte[] Close { get; }

    /// <summary><c>&lt;id/&gt;</c></summary>
    public byte[] Empty { get; }
}
