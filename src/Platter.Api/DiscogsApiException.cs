namespace Platter.Api;

/// <summary>
/// A failed Discogs request. Each kind of failure has its own subclass, all built by
/// <see cref="DiscogsErrors"/>; the message names the request (without credentials), the
/// status and what the user can do.
/// </summary>
public abstract class DiscogsApiException : Exception
{
    /// <summary>Creates the exception.</summary>
    protected DiscogsApiException(string message, string request, int? statusCode, string? discogsMessage, Exception? inner)
        : base(message, inner)
    {
        Request = request;
        StatusCode = statusCode;
        DiscogsMessage = discogsMessage;
    }

    /// <summary>Required by the analyzers.</summary>
    protected DiscogsApiException()
    {
    }

    /// <summary>Required by the analyzers.</summary>
    protected DiscogsApiException(string message)
        : base(message)
    {
    }

    /// <summary>Required by the analyzers.</summary>
    protected DiscogsApiException(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <summary>The request, e.g. <c>GET https://api.discogs.com/releases/1</c>, with credential parameters masked.</summary>
    public string Request { get; } = "";

    /// <summary>The HTTP status of the last attempt, when there was a response.</summary>
    public int? StatusCode { get; }

    /// <summary>Discogs' own <c>message</c> from the error body, when it sent one.</summary>
    public string? DiscogsMessage { get; }
}
