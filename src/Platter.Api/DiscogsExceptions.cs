namespace Platter.Api;

/// <summary>Discogs refused the credentials (401): missing, wrong or revoked.</summary>
public sealed class DiscogsUnauthorizedException : DiscogsApiException
{
    /// <summary>Creates the exception; see <see cref="DiscogsErrors"/>, which builds every API error.</summary>
    public DiscogsUnauthorizedException(string message, string request, int? statusCode, string? discogsMessage, Exception? inner = null)
        : base(message, request, statusCode, discogsMessage, inner)
    {
    }

    /// <summary>Required by the analyzers.</summary>
    public DiscogsUnauthorizedException()
    {
    }

    /// <summary>Required by the analyzers.</summary>
    public DiscogsUnauthorizedException(string message)
        : base(message)
    {
    }

    /// <summary>Required by the analyzers.</summary>
    public DiscogsUnauthorizedException(string message, Exception inner)
        : base(message, inner)
    {
    }
}

/// <summary>Discogs refused access to the resource (403), e.g. owner-only data or a proxy challenge.</summary>
public sealed class DiscogsForbiddenException : DiscogsApiException
{
    /// <summary>Creates the exception; see <see cref="DiscogsErrors"/>, which builds every API error.</summary>
    public DiscogsForbiddenException(string message, string request, int? statusCode, string? discogsMessage, Exception? inner = null)
        : base(message, request, statusCode, discogsMessage, inner)
    {
    }

    /// <summary>Required by the analyzers.</summary>
    public DiscogsForbiddenException()
    {
    }

    /// <summary>Required by the analyzers.</summary>
    public DiscogsForbiddenException(string message)
        : base(message)
    {
    }

    /// <summary>Required by the analyzers.</summary>
    public DiscogsForbiddenException(string message, Exception inner)
        : base(message, inner)
    {
    }
}

/// <summary>The resource does not exist (404).</summary>
public sealed class DiscogsNotFoundException : DiscogsApiException
{
    /// <summary>Creates the exception; see <see cref="DiscogsErrors"/>, which builds every API error.</summary>
    public DiscogsNotFoundException(string message, string request, int? statusCode, string? discogsMessage, Exception? inner = null)
        : base(message, request, statusCode, discogsMessage, inner)
    {
    }

    /// <summary>Required by the analyzers.</summary>
    public DiscogsNotFoundException()
    {
    }

    /// <summary>Required by the analyzers.</summary>
    public DiscogsNotFoundException(string message)
        : base(message)
    {
    }

    /// <summary>Required by the analyzers.</summary>
    public DiscogsNotFoundException(string message, Exception inner)
        : base(message, inner)
    {
    }
}

/// <summary>Discogs kept answering 429 Too Many Requests after every retry.</summary>
public sealed class DiscogsRateLimitedException : DiscogsApiException
{
    /// <summary>Creates the exception; see <see cref="DiscogsErrors"/>, which builds every API error.</summary>
    public DiscogsRateLimitedException(string message, string request, int? statusCode, string? discogsMessage, Exception? inner = null)
        : base(message, request, statusCode, discogsMessage, inner)
    {
    }

    /// <summary>Required by the analyzers.</summary>
    public DiscogsRateLimitedException()
    {
    }

    /// <summary>Required by the analyzers.</summary>
    public DiscogsRateLimitedException(string message)
        : base(message)
    {
    }

    /// <summary>Required by the analyzers.</summary>
    public DiscogsRateLimitedException(string message, Exception inner)
        : base(message, inner)
    {
    }
}

/// <summary>Discogs kept failing with a 5xx status after every retry.</summary>
public sealed class DiscogsServerException : DiscogsApiException
{
    /// <summary>Creates the exception; see <see cref="DiscogsErrors"/>, which builds every API error.</summary>
    public DiscogsServerException(string message, string request, int? statusCode, string? discogsMessage, Exception? inner = null)
        : base(message, request, statusCode, discogsMessage, inner)
    {
    }

    /// <summary>Required by the analyzers.</summary>
    public DiscogsServerException()
    {
    }

    /// <summary>Required by the analyzers.</summary>
    public DiscogsServerException(string message)
        : base(message)
    {
    }

    /// <summary>Required by the analyzers.</summary>
    public DiscogsServerException(string message, Exception inner)
        : base(message, inner)
    {
    }
}

/// <summary>The response body was not the JSON expected (truncated, invalid, or an HTML page).</summary>
public sealed class DiscogsMalformedResponseException : DiscogsApiException
{
    /// <summary>Creates the exception; see <see cref="DiscogsErrors"/>, which builds every API error.</summary>
    public DiscogsMalformedResponseException(string message, string request, int? statusCode, string? discogsMessage, Exception? inner = null)
        : base(message, request, statusCode, discogsMessage, inner)
    {
    }

    /// <summary>Required by the analyzers.</summary>
    public DiscogsMalformedResponseException()
    {
    }

    /// <summary>Required by the analyzers.</summary>
    public DiscogsMalformedResponseException(string message)
        : base(message)
    {
    }

    /// <summary>Required by the analyzers.</summary>
    public DiscogsMalformedResponseException(string message, Exception inner)
        : base(message, inner)
    {
    }
}

/// <summary>No response at all: every attempt timed out or could not connect.</summary>
public sealed class DiscogsUnavailableException : DiscogsApiException
{
    /// <summary>Creates the exception; see <see cref="DiscogsErrors"/>, which builds every API error.</summary>
    public DiscogsUnavailableException(string message, string request, int? statusCode, string? discogsMessage, Exception? inner = null)
        : base(message, request, statusCode, discogsMessage, inner)
    {
    }

    /// <summary>Required by the analyzers.</summary>
    public DiscogsUnavailableException()
    {
    }

    /// <summary>Required by the analyzers.</summary>
    public DiscogsUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Required by the analyzers.</summary>
    public DiscogsUnavailableException(string message, Exception inner)
        : base(message, inner)
    {
    }
}

/// <summary>Discogs rejected the request itself (400, 405, 422 and other 4xx not covered above).</summary>
public sealed class DiscogsRequestException : DiscogsApiException
{
    /// <summary>Creates the exception; see <see cref="DiscogsErrors"/>, which builds every API error.</summary>
    public DiscogsRequestException(string message, string request, int? statusCode, string? discogsMessage, Exception? inner = null)
        : base(message, request, statusCode, discogsMessage, inner)
    {
    }

    /// <summary>Required by the analyzers.</summary>
    public DiscogsRequestException()
    {
    }

    /// <summary>Required by the analyzers.</summary>
    public DiscogsRequestException(string message)
        : base(message)
    {
    }

    /// <summary>Required by the analyzers.</summary>
    public DiscogsRequestException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
