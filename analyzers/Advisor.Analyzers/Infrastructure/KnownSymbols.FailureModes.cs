using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;

namespace Advisor.Analyzers.Infrastructure;

/// <summary>Types the failure-mode rules (ADV4xxx) recognise: outbound clients, resilience libraries, locks.</summary>
internal sealed partial class KnownSymbols
{
    private StrongBox<INamedTypeSymbol?>? _httpClient, _httpMessageInvoker, _httpClientJsonExtensions, _httpClientFactory;
    private StrongBox<INamedTypeSymbol?>? _dbCommand, _dbConnection, _socket, _tcpClient, _grpcClientBase;
    private StrongBox<INamedTypeSymbol?>? _resiliencePipeline, _resiliencePipelineOfT, _pollyPolicyBase, _pollyAsyncPolicy, _pollyISyncPolicy, _pollyIAsyncPolicy;
    private StrongBox<INamedTypeSymbol?>? _downstream, _scatterGather;

    public INamedTypeSymbol? HttpClient => Resolve(ref _httpClient, "System.Net.Http.HttpClient");
    public INamedTypeSymbol? HttpMessageInvoker => Resolve(ref _httpMessageInvoker, "System.Net.Http.HttpMessageInvoker");
    public INamedTypeSymbol? HttpClientJsonExtensions => Resolve(ref _httpClientJsonExtensions, "System.Net.Http.Json.HttpClientJsonExtensions");
    public INamedTypeSymbol? IHttpClientFactory => Resolve(ref _httpClientFactory, "System.Net.Http.IHttpClientFactory");
    public INamedTypeSymbol? DbCommand => Resolve(ref _dbCommand, "System.Data.Common.DbCommand");
    public INamedTypeSymbol? DbConnection => Resolve(ref _dbConnection, "System.Data.Common.DbConnection");
    public INamedTypeSymbol? Socket => Resolve(ref _socket, "System.Net.Sockets.Socket");
    public INamedTypeSymbol? TcpClient => Resolve(ref _tcpClient, "System.Net.Sockets.TcpClient");
    public INamedTypeSymbol? GrpcClientBase => Resolve(ref _grpcClientBase, "Grpc.Core.ClientBase");

    /// <summary>Polly v8 (Polly.Core) pipelines.</summary>
    public INamedTypeSymbol? ResiliencePipeline => Resolve(ref _resiliencePipeline, "Polly.ResiliencePipeline");
    public INamedTypeSymbol? ResiliencePipelineOfT => Resolve(ref _resiliencePipelineOfT, "Polly.ResiliencePipeline`1");

    /// <summary>Polly v7 policies.</summary>
    public INamedTypeSymbol? PollyPolicyBase => Resolve(ref _pollyPolicyBase, "Polly.PolicyBase");
    public INamedTypeSymbol? PollyAsyncPolicy => Resolve(ref _pollyAsyncPolicy, "Polly.AsyncPolicy");
    public INamedTypeSymbol? PollyISyncPolicy => Resolve(ref _pollyISyncPolicy, "Polly.ISyncPolicy");
    public INamedTypeSymbol? PollyIAsyncPolicy => Resolve(ref _pollyIAsyncPolicy, "Polly.IAsyncPolicy");

    /// <summary><c>Advisor.Downstream</c> and <c>Advisor.ScatterGather</c> from Advisor.Runtime, when referenced.</summary>
    public INamedTypeSymbol? Downstream => Resolve(ref _downstream, "Advisor.Downstream");
    public INamedTypeSymbol? ScatterGather => Resolve(ref _scatterGather, "Advisor.ScatterGather");
}
