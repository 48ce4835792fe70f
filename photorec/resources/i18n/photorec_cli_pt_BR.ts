<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="pt_BR">
<context>
    <name>argparse</name>
    <message>
        <source>usage: </source>
        <translation>uso: </translation>
    </message>
    <message>
        <source>positional arguments</source>
        <translation>argumentos posicionais</translation>
    </message>
    <message>
        <source>options</source>
        <translation>opções</translation>
    </message>
    <message>
        <source>show this help message and exit</source>
        <translation>mostra esta ajuda e sai</translation>
    </message>
    <message>
        <source>show program&apos;s version number and exit</source>
        <translation>mostra a versão do programa e sai</translation>
    </message>
    <message>
        <source>%(prog)s: error: %(message)s
</source>
        <translation>%(prog)s: erro: %(message)s
</translation>
    </message>
    <message>
        <source>unrecognized arguments: %s</source>
        <translation>argumentos não reconhecidos: %s</translation>
    </message>
    <message>
        <source>the following arguments are required: %s</source>
        <translation>faltam os argumentos obrigatórios: %s</translation>
    </message>
    <message>
        <source>invalid choice: %(value)r (choose from %(choices)s)</source>
        <translation>opção inválida: %(value)r (escolha entre %(choices)s)</translation>
    </message>
    <message>
        <source>invalid %(type)s value: %(value)r</source>
        <translation>valor %(type)s inválido: %(value)r</translation>
    </message>
    <message>
        <source>argument %(argument_name)s: %(message)s</source>
        <translation>argumento %(argument_name)s: %(message)s</translation>
    </message>
    <message>
        <source>expected one argument</source>
        <translation>espera um argumento</translation>
    </message>
    <message>
        <source>expected at least one argument</source>
        <translation>espera pelo menos um argumento</translation>
    </message>
    <message>
        <source>ambiguous option: %(option)s could match %(matches)s</source>
        <translation>opção ambígua: %(option)s pode ser %(matches)s</translation>
    </message>
    <message>
        <source>not allowed with argument %s</source>
        <translation>não é permitido junto com o argumento %s</translation>
    </message>
    <message>
        <source>one of the arguments %s is required</source>
        <translation>um dos argumentos %s é obrigatório</translation>
    </message>
    <message>
        <source>ignored explicit argument %r</source>
        <translation>argumento explícito ignorado: %r</translation>
    </message>
</context>
<context>
    <name>cli</name>
    <message>
        <source>looking closer for small faces… %1/%2</source>
        <translation>procurando rostos pequenos… %1/%2</translation>
    </message>
    <message>
        <source>Looked closer for small faces in %1 photo: %2 found.</source>
        <translation>Rostos pequenos procurados em %1 foto: %2 encontrados.</translation>
    </message>
    <message>
        <source>Looked closer for small faces in %1 photos: %2 found.</source>
        <translation>Rostos pequenos procurados em %1 fotos: %2 encontrados.</translation>
    </message>
    <message>
        <source>%1: the face of %2 is not written: another app named that face %3 there (left as it is)</source>
        <translation>%1: o rosto de %2 não foi gravado: outro programa deu a esse rosto o nome %3 ali (ficou como estava)</translation>
    </message>
    <message>
        <source>(no name)</source>
        <translation>(sem nome)</translation>
    </message>
    <message>
        <source>every tagged photo and every photo with a named person</source>
        <translation>cada foto com etiquetas e cada foto com uma pessoa com nome</translation>
    </message>
    <message>
        <source>Wrote %1 face region of named people.</source>
        <translation>%1 região de rosto de pessoas com nome gravada.</translation>
    </message>
    <message>
        <source>Wrote %1 face regions of named people.</source>
        <translation>%1 regiões de rosto de pessoas com nome gravadas.</translation>
    </message>
    <message>
        <source>also write the faces of named people as MWG face regions (digiKam, Lightroom); never unnamed people or suggestions</source>
        <translation>grava também os rostos das pessoas com nome como regiões de rosto MWG (digiKam, Lightroom); nunca pessoas sem nome nem sugestões</translation>
    </message>
    <message>
        <source>skipped %1: %2</source>
        <translation>ignorado %1: %2</translation>
    </message>
    <message>
        <source>%1 photo already says what photorec says: not written.</source>
        <translation>%1 foto já diz o que o photorec diz: não foi escrita.</translation>
    </message>
    <message>
        <source>%1 photos already say what photorec says: not written.</source>
        <translation>%1 fotos já dizem o que o photorec diz: não foram escritas.</translation>
    </message>
    <message>
        <source>%1 skipped (see above).</source>
        <translation>%1 ignorados (veja acima).</translation>
    </message>
    <message>
        <source>Removed %1 temporary file left by an interrupted run.</source>
        <translation>Removido %1 arquivo temporário deixado por uma execução interrompida.</translation>
    </message>
    <message>
        <source>Removed %1 temporary files left by an interrupted run.</source>
        <translation>Removidos %1 arquivos temporários deixados por uma execução interrompida.</translation>
    </message>
    <message>
        <source>the sidecar is read-only; it was left as it is</source>
        <translation>o arquivo XMP é somente leitura; ficou como estava</translation>
    </message>
    <message>
        <source>the sidecar is not a regular file</source>
        <translation>o arquivo XMP não é um arquivo comum</translation>
    </message>
    <message>
        <source>the sidecar is too large to be XMP</source>
        <translation>o arquivo XMP é grande demais para ser XMP</translation>
    </message>
    <message>
        <source>the sidecar is nested too deeply to be XMP</source>
        <translation>o arquivo XMP tem aninhamento profundo demais para ser XMP</translation>
    </message>
    <message>
        <source>the sidecar declares a DTD or entities (refused)</source>
        <translation>o arquivo XMP declara um DTD ou entidades (recusado)</translation>
    </message>
    <message>
        <source>the sidecar is not valid XML</source>
        <translation>o arquivo XMP não é XML válido</translation>
    </message>
    <message>
        <source>the sidecar cannot be decoded</source>
        <translation>o arquivo XMP não pode ser decodificado</translation>
    </message>
    <message>
        <source>the sidecar has no RDF in it</source>
        <translation>o arquivo XMP não tem RDF</translation>
    </message>
    <message>
        <source>another program kept changing the sidecar</source>
        <translation>outro programa continuou alterando o arquivo XMP</translation>
    </message>
    <message>
        <source>the photo is not there (offline or gone)</source>
        <translation>a foto não está lá (offline ou removida)</translation>
    </message>
    <message>
        <source>not in the library (index it first)</source>
        <translation>não está na biblioteca (indexe-a primeiro)</translation>
    </message>
    <message>
        <source>it cannot be written</source>
        <translation>não pode ser escrito</translation>
    </message>
    <message>
        <source>artist</source>
        <translation>artista</translation>
    </message>
    <message>
        <source>(the library is read-only: these themes were not saved; they are computed again next time)</source>
        <translation>(a biblioteca é somente leitura: estes temas não foram salvos; serão calculados de novo na próxima vez)</translation>
    </message>
    <message>
        <source>Its header was damaged and was rebuilt for the recovery.</source>
        <translation>O cabeçalho dele estava danificado e foi reconstruído para a recuperação.</translation>
    </message>
    <message>
        <source>%1 page of the catalog is missing or unreadable: what it held is lost.</source>
        <translation>%1 página do catálogo está faltando ou ilegível: o que ela continha se perdeu.</translation>
    </message>
    <message>
        <source>%1 pages of the catalog are missing or unreadable: what they held is lost.</source>
        <translation>%1 páginas do catálogo estão faltando ou ilegíveis: o que elas continham se perdeu.</translation>
    </message>
    <message>
        <source>The repair is incomplete: less was recovered than the catalog held. The copy of the damaged file is kept.</source>
        <translation>O reparo está incompleto: foi recuperado menos do que o catálogo continha. A cópia do arquivo danificado foi guardada.</translation>
    </message>
    <message>
        <source>nothing new to read</source>
        <translation>nada novo para ler</translation>
    </message>
    <message>
        <source>Problems: %1 found in this run, %2 open in the library (&apos;photorec problems&apos; lists them).</source>
        <translation>Problemas: %1 encontrados nesta execução, %2 em aberto na biblioteca (&apos;photorec problems&apos; lista todos).</translation>
    </message>
    <message>
        <source>%1 is not a count: give a whole number of 1 or more</source>
        <translation>%1 não é uma quantidade: dê um número inteiro de 1 ou mais</translation>
    </message>
    <message>
        <source>%1 is not a similarity: give a percentage from 0 to 100 (45, 45% and 0.45 all mean 45%)</source>
        <translation>%1 não é uma semelhança: dê uma porcentagem de 0 a 100 (45, 45% e 0.45 querem dizer 45%)</translation>
    </message>
    <message>
        <source>show only results at least SCORE alike (45, 45% or 0.45; default: the model&apos;s &apos;Similar&apos; floor)</source>
        <translation>mostrar só resultados ao menos SCORE parecidos (45, 45% ou 0.45; padrão: o piso &apos;Parecida&apos; do modelo)</translation>
    </message>
    <message>
        <source>-k %1: %2 photo cannot fill that many themes; at most %3 (about %4 photos a theme)</source>
        <translation>-k %1: %2 foto não preenche tantos temas; no máximo %3 (cerca de %4 fotos por tema)</translation>
    </message>
    <message>
        <source>-k %1: %2 photos cannot fill that many themes; at most %3 (about %4 photos a theme)</source>
        <translation>-k %1: %2 fotos não preenchem tantos temas; no máximo %3 (cerca de %4 fotos por tema)</translation>
    </message>
    <message>
        <source>Clustered %1 photo into %2 in %3 s.</source>
        <translation>%1 foto agrupada em %2 em %3 s.</translation>
    </message>
    <message>
        <source>Clustered %1 photos into %2 in %3 s.</source>
        <translation>%1 fotos agrupadas em %2 em %3 s.</translation>
    </message>
    <message>
        <source>trained on %1 photos (%2 independent: near-duplicates and similar shots count once), %3: too few independent examples to measure how often it is right, so no percentage is shown</source>
        <translation>treinado com %1 fotos (%2 independentes: quase duplicatas e fotos parecidas contam uma vez), %3: poucos exemplos independentes para medir quantas vezes ele acerta, por isso nenhuma porcentagem é mostrada</translation>
    </message>
    <message>
        <source>--threshold goes from %1% to 100% (e.g. 90, 90% or 0.9)</source>
        <translation>--threshold vai de %1% a 100% (p. ex. 90, 90% ou 0.9)</translation>
    </message>
    <message>
        <source>threshold %1%</source>
        <translation>limiar %1%</translation>
    </message>
    <message>
        <source>similarity from which photos group: 75, 75% or 0.75 (default: the mode&apos;s, measured for the model)</source>
        <translation>semelhança a partir da qual as fotos se agrupam: 75, 75% ou 0.75 (padrão: o do modo, medido para o modelo)</translation>
    </message>
    <message>
        <source>only suggestions at least this confident: 50, 50% or 0.5 (default 50%)</source>
        <translation>só sugestões com ao menos esta confiança: 50, 50% ou 0.5 (padrão 50%)</translation>
    </message>
    <message>
        <source>would also create %1 folder for them</source>
        <translation>também criaria %1 pasta para eles</translation>
    </message>
    <message>
        <source>also created %1 folder for them</source>
        <translation>também criou %1 pasta para eles</translation>
    </message>
    <message>
        <source>would also create %1 folders for them</source>
        <translation>também criaria %1 pastas para eles</translation>
    </message>
    <message>
        <source>also created %1 folders for them</source>
        <translation>também criou %1 pastas para eles</translation>
    </message>
    <message>
        <source>would also remove %1 empty folder</source>
        <translation>também removeria %1 pasta vazia</translation>
    </message>
    <message>
        <source>also removed %1 empty folder</source>
        <translation>também removeu %1 pasta vazia</translation>
    </message>
    <message>
        <source>would also remove %1 empty folders</source>
        <translation>também removeria %1 pastas vazias</translation>
    </message>
    <message>
        <source>also removed %1 empty folders</source>
        <translation>também removeu %1 pastas vazias</translation>
    </message>
    <message>
        <source>keep the library (catalog, index, thumbnails, logs) in DIR instead of the per-user folders</source>
        <translation>guarda a biblioteca (catálogo, índice, miniaturas, registros) em DIR em vez das pastas do usuário</translation>
    </message>
    <message>
        <source>onnxruntime execution provider: auto (default), cpu, cuda, directml, coreml</source>
        <translation>provedor de execução do onnxruntime: auto (padrão), cpu, cuda, directml, coreml</translation>
    </message>
    <message>
        <source>more log output on stderr</source>
        <translation>mais mensagens de registro no stderr</translation>
    </message>
    <message>
        <source>scanning folders…</source>
        <translation>varrendo as pastas…</translation>
    </message>
    <message>
        <source>looking for faces in the photos indexed before… %1/%2</source>
        <translation>procurando rostos nas fotos indexadas antes… %1/%2</translation>
    </message>
    <message>
        <source> (paused)</source>
        <translation> (pausado)</translation>
    </message>
    <message>
        <source>%1 photos/s  ETA %2</source>
        <translation>%1 fotos/s  faltam %2</translation>
    </message>
    <message>
        <source>%1 does not exist</source>
        <translation>%1 não existe</translation>
    </message>
    <message>
        <source>%1 is not a folder</source>
        <translation>%1 não é uma pasta</translation>
    </message>
    <message>
        <source>the library has no folders yet: &apos;photorec index FOLDER&apos; adds one</source>
        <translation>a biblioteca ainda não tem pastas: &apos;photorec index PASTA&apos; adiciona uma</translation>
    </message>
    <message>
        <source>interrupted; what was indexed is kept</source>
        <translation>interrompido; o que já foi indexado fica guardado</translation>
    </message>
    <message>
        <source>Indexed in %1 s: %2.</source>
        <translation>Indexado em %1 s: %2.</translation>
    </message>
    <message>
        <source>%1 photo embedded (%2 photos/s overall).</source>
        <translation>%1 foto analisada pelo modelo (%2 fotos/s no total).</translation>
    </message>
    <message>
        <source>%1 photos embedded (%2 photos/s overall).</source>
        <translation>%1 fotos analisadas pelo modelo (%2 fotos/s no total).</translation>
    </message>
    <message>
        <source>Offline (kept, not rescanned): %1: %2</source>
        <translation>Offline (mantida, não varrida de novo): %1: %2</translation>
    </message>
    <message>
        <source>%1 problem:</source>
        <translation>%1 problema:</translation>
    </message>
    <message>
        <source>%1 problems:</source>
        <translation>%1 problemas:</translation>
    </message>
    <message>
        <source>… and %1 more (photorec problems)</source>
        <translation>… e mais %1 (photorec problems)</translation>
    </message>
    <message>
        <source>warning: %1</source>
        <translation>aviso: %1</translation>
    </message>
    <message>
        <source>Faces were not looked for: %1</source>
        <translation>Os rostos não foram procurados: %1</translation>
    </message>
    <message>
        <source>Looked for faces in %1 photo indexed before: %2 found.</source>
        <translation>Rostos procurados em %1 foto indexada antes: %2 encontrados.</translation>
    </message>
    <message>
        <source>Looked for faces in %1 photos indexed before: %2 found.</source>
        <translation>Rostos procurados em %1 fotos indexadas antes: %2 encontrados.</translation>
    </message>
    <message>
        <source>%1 new person</source>
        <translation>%1 pessoa nova</translation>
    </message>
    <message>
        <source>%1 new people</source>
        <translation>%1 pessoas novas</translation>
    </message>
    <message>
        <source>%1 face placed</source>
        <translation>%1 rosto atribuído</translation>
    </message>
    <message>
        <source>%1 faces placed</source>
        <translation>%1 rostos atribuídos</translation>
    </message>
    <message>
        <source>People: %1, %2 (photorec people).</source>
        <translation>Pessoas: %1, %2 (photorec people).</translation>
    </message>
    <message>
        <source>(indexing in progress: %1 photos; answering from what is indexed)</source>
        <translation>(indexação em andamento: %1 fotos; a resposta vem do que já está indexado)</translation>
    </message>
    <message>
        <source>Photos like %1:</source>
        <translation>Fotos parecidas com %1:</translation>
    </message>
    <message>
        <source>(none: the library is empty)</source>
        <translation>(nenhuma: a biblioteca está vazia)</translation>
    </message>
    <message>
        <source>Library: %1</source>
        <translation>Biblioteca: %1</translation>
    </message>
    <message>
        <source>Model: %1 (%2, %3-d), provider %4</source>
        <translation>Modelo: %1 (%2, %3 dimensões), provedor %4</translation>
    </message>
    <message>
        <source>Indexing in progress: %1</source>
        <translation>Indexação em andamento: %1</translation>
    </message>
    <message>
        <source>Folders:</source>
        <translation>Pastas:</translation>
    </message>
    <message>
        <source>Folders: none yet (photorec index FOLDER)</source>
        <translation>Pastas: nenhuma ainda (photorec index PASTA)</translation>
    </message>
    <message>
        <source>online</source>
        <translation>disponível</translation>
    </message>
    <message>
        <source>OFFLINE (%1)</source>
        <translation>OFFLINE (%1)</translation>
    </message>
    <message>
        <source>%1 photo, %2 failed</source>
        <translation>%1 foto, %2 com falha</translation>
    </message>
    <message>
        <source>%1 photos, %2 failed</source>
        <translation>%1 fotos, %2 com falha</translation>
    </message>
    <message>
        <source>metadata: %1 (the photo is indexed)</source>
        <translation>metadados: %1 (a foto está indexada)</translation>
    </message>
    <message>
        <source>No problems: every photo was read.</source>
        <translation>Nenhum problema: todas as fotos foram lidas.</translation>
    </message>
    <message>
        <source>Pass --yes to confirm.</source>
        <translation>Use --yes para confirmar.</translation>
    </message>
    <message>
        <source>[y/N]</source>
        <translation>[s/N]</translation>
    </message>
    <message>
        <source>y,yes</source>
        <translation>s,sim</translation>
    </message>
    <message>
        <source>language of the window and the messages: en or pt_BR (default: the system&apos;s)</source>
        <translation>idioma da janela e das mensagens: en ou pt_BR (padrão: o do sistema)</translation>
    </message>
    <message>
        <source>Photos: %1 indexed, %2 failed; index %3 MB</source>
        <comment>one</comment>
        <translation>Fotos: %1 indexada, %2 com falha; índice de %3 MB</translation>
    </message>
    <message>
        <source>Photos: %1 indexed, %2 failed; index %3 MB</source>
        <comment>other</comment>
        <translation>Fotos: %1 indexadas, %2 com falha; índice de %3 MB</translation>
    </message>
    <message>
        <source>Forget %1 and its %2 photo? (Files are not touched.)</source>
        <translation>Esquecer %1 e a sua %2 foto? (Os arquivos não são mexidos.)</translation>
    </message>
    <message>
        <source>Forget %1 and its %2 photos? (Files are not touched.)</source>
        <translation>Esquecer %1 e suas %2 fotos? (Os arquivos não são mexidos.)</translation>
    </message>
    <message>
        <source>Forgot %1 (%2 photo). The files themselves are untouched.</source>
        <translation>%1 esquecida (%2 foto). Os arquivos em si continuam intactos.</translation>
    </message>
    <message>
        <source>Forgot %1 (%2 photos). The files themselves are untouched.</source>
        <translation>%1 esquecida (%2 fotos). Os arquivos em si continuam intactos.</translation>
    </message>
    <message>
        <source>No offline folders.</source>
        <translation>Nenhuma pasta offline.</translation>
    </message>
    <message>
        <source>%1 offline folder</source>
        <translation>%1 pasta offline</translation>
    </message>
    <message>
        <source>%1 offline folders</source>
        <translation>%1 pastas offline</translation>
    </message>
    <message>
        <source>Forget %1 photo of %2 (%3)?</source>
        <translation>Esquecer %1 foto de %2 (%3)?</translation>
    </message>
    <message>
        <source>Forget %1 photos of %2 (%3)?</source>
        <translation>Esquecer %1 fotos de %2 (%3)?</translation>
    </message>
    <message>
        <source>Forgot %1 photo of %2.</source>
        <translation>%1 foto de %2 esquecida.</translation>
    </message>
    <message>
        <source>Forgot %1 photos of %2.</source>
        <translation>%1 fotos de %2 esquecidas.</translation>
    </message>
    <message>
        <source>%1 is now %2: %3.</source>
        <translation>%1 agora é %2: %3.</translation>
    </message>
    <message>
        <source>the window (no COMMAND)</source>
        <translation>a janela (sem COMMAND)</translation>
    </message>
    <message>
        <source>photorec [PATH ...] opens the window: a folder PATH is added to the library and indexed, an image PATH is a query (photos like it are shown).</source>
        <translation>photorec [PATH ...] abre a janela: uma pasta é adicionada à biblioteca e indexada, uma imagem é uma consulta (as fotos parecidas com ela são mostradas).</translation>
    </message>
    <message>
        <source>show the photos most like IMAGE (hands over to a running window)</source>
        <translation>mostra as fotos mais parecidas com IMAGE (repassa para uma janela já aberta)</translation>
    </message>
    <message>
        <source>render the window offscreen at 1280x800, save it, and exit</source>
        <translation>desenha a janela fora da tela em 1280x800, salva a imagem e sai</translation>
    </message>
    <message>
        <source>(photorec COMMAND --help)</source>
        <translation>(photorec COMMAND --help)</translation>
    </message>
    <message>
        <source>Find similar photos in your own photo library, offline. Without a command, opens the window.</source>
        <translation>Encontra fotos parecidas na sua própria coleção de fotos, sem internet. Sem um comando, abre a janela.</translation>
    </message>
    <message>
        <source>add folders and bring the index up to date (no PATH: every library folder)</source>
        <translation>adiciona pastas e atualiza o índice (sem PATH: todas as pastas da biblioteca)</translation>
    </message>
    <message>
        <source>photo folders to add; without one, every library folder is rescanned</source>
        <translation>pastas de fotos a adicionar; sem nenhuma, todas as pastas da biblioteca são varridas de novo</translation>
    </message>
    <message>
        <source>try unreadable files again</source>
        <translation>tenta de novo os arquivos que não puderam ser lidos</translation>
    </message>
    <message>
        <source>do not look for faces in this run</source>
        <translation>não procura rostos nesta execução</translation>
    </message>
    <message>
        <source>the library photos most like an image</source>
        <translation>as fotos da biblioteca mais parecidas com uma imagem</translation>
    </message>
    <message>
        <source>how many (default 20)</source>
        <translation>quantas (padrão 20)</translation>
    </message>
    <message>
        <source>one JSON line per query</source>
        <translation>uma linha JSON por consulta</translation>
    </message>
    <message>
        <source>rank by the people shared with IMAGE instead</source>
        <translation>ordena pelas pessoas em comum com IMAGE</translation>
    </message>
    <message>
        <source>folders, counts, model, index size</source>
        <translation>pastas, contagens, modelo, tamanho do índice</translation>
    </message>
    <message>
        <source>output JSON</source>
        <translation>saída em JSON</translation>
    </message>
    <message>
        <source>files that could not be read, and why</source>
        <translation>arquivos que não puderam ser lidos, e por quê</translation>
    </message>
    <message>
        <source>one JSON line per problem</source>
        <translation>uma linha JSON por problema</translation>
    </message>
    <message>
        <source>forget a folder (files are untouched)</source>
        <translation>esquece uma pasta (os arquivos não são mexidos)</translation>
    </message>
    <message>
        <source>the library folder (its path)</source>
        <translation>a pasta da biblioteca (seu caminho)</translation>
    </message>
    <message>
        <source>do not ask</source>
        <translation>não pergunta</translation>
    </message>
    <message>
        <source>a folder&apos;s drive is mounted elsewhere now: keep its photos</source>
        <translation>o disco de uma pasta agora está montado em outro lugar: mantém as fotos dela</translation>
    </message>
    <message>
        <source>the folder&apos;s old path</source>
        <translation>o caminho antigo da pasta</translation>
    </message>
    <message>
        <source>where it is now</source>
        <translation>onde ela está agora</translation>
    </message>
    <message>
        <source>forget the photos of folders that are offline</source>
        <translation>esquece as fotos das pastas que estão offline</translation>
    </message>
    <message>
        <source>Open the photorec window.</source>
        <translation>Abre a janela do photorec.</translation>
    </message>
    <message>
        <source>folders to add, or images to find similar photos for</source>
        <translation>pastas a adicionar, ou imagens para as quais buscar fotos parecidas</translation>
    </message>
    <message>
        <source>no such file or folder: %1 (a folder to add or an image to query must exist; see photorec --help)</source>
        <translation>arquivo ou pasta inexistente: %1 (a pasta a adicionar ou a imagem a consultar precisa existir; veja photorec --help)</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a command, nor a file or folder: did you mean &apos;%2&apos;? (photorec --help lists the commands)</source>
        <translation>&apos;%1&apos; não é um comando, nem um arquivo ou pasta: você quis dizer &apos;%2&apos;? (photorec --help lista os comandos)</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a command, nor a file or folder. Commands: %2 (photorec --help)</source>
        <translation>&apos;%1&apos; não é um comando, nem um arquivo ou pasta. Comandos: %2 (photorec --help)</translation>
    </message>
    <message>
        <source>--similar and --screenshot are for the window; they do not go with &apos;%1&apos;</source>
        <translation>--similar e --screenshot são para a janela; não combinam com &apos;%1&apos;</translation>
    </message>
    <message>
        <source>; run &apos;photorec index FOLDER&apos; first</source>
        <translation>; rode &apos;photorec index PASTA&apos; primeiro</translation>
    </message>
    <message>
        <source>also show photos that are only loosely alike</source>
        <translation>mostra também as fotos apenas vagamente parecidas</translation>
    </message>
    <message>
        <source>(nothing similar: the closest is %1% alike, %2; --all shows it)</source>
        <translation>(nada semelhante: a mais próxima tem %1% de semelhança, %2; --all a mostra)</translation>
    </message>
    <message>
        <source>(%1 more photo under the floor: --all shows it)</source>
        <translation>(mais %1 foto abaixo do piso: --all a mostra)</translation>
    </message>
    <message>
        <source>(%1 more photos under the floor: --all shows them)</source>
        <translation>(mais %1 fotos abaixo do piso: --all as mostra)</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(nenhuma)</translation>
    </message>
    <message>
        <source>[offline]</source>
        <translation>[offline]</translation>
    </message>
    <message>
        <source>name at least two photos</source>
        <translation>indique pelo menos duas fotos</translation>
    </message>
    <message>
        <source>name the photos whose decisions to forget, or pass --all</source>
        <translation>indique as fotos cujas decisões devem ser esquecidas, ou use --all</translation>
    </message>
    <message>
        <source>--within is a number of seconds (&gt;= 0)</source>
        <translation>--within é um número de segundos (&gt;= 0)</translation>
    </message>
    <message>
        <source>, taken within %1 s</source>
        <translation>, tiradas com até %1 s de diferença</translation>
    </message>
    <message>
        <source>No duplicates found (%1).</source>
        <translation>Nenhuma duplicata encontrada (%1).</translation>
    </message>
    <message>
        <source>No similar shots found (%1).</source>
        <translation>Nenhuma foto parecida encontrada (%1).</translation>
    </message>
    <message>
        <source>Group %1: %2 photos. Keep %3: %4.</source>
        <translation>Grupo %1: %2 fotos. Manter %3: %4.</translation>
    </message>
    <message>
        <source>keep </source>
        <translation>manter</translation>
    </message>
    <message>
        <source>(%1 photos were added since these themes were made; --recompute to cluster again)</source>
        <translation>(%1 fotos foram adicionadas depois que estes temas foram feitos; --recompute agrupa de novo)</translation>
    </message>
    <message>
        <source>%1: %2 photos</source>
        <translation>%1: %2 fotos</translation>
    </message>
    <message>
        <source>Theme %1</source>
        <translation>Tema %1</translation>
    </message>
    <message>
        <source>mostly %1</source>
        <translation>quase tudo %1</translation>
    </message>
    <message>
        <source>January,February,March,April,May,June,July,August,September,October,November,December</source>
        <translation>janeiro,fevereiro,março,abril,maio,junho,julho,agosto,setembro,outubro,novembro,dezembro</translation>
    </message>
    <message>
        <source>Jan,Feb,Mar,Apr,May,Jun,Jul,Aug,Sep,Oct,Nov,Dec</source>
        <translation>jan,fev,mar,abr,mai,jun,jul,ago,set,out,nov,dez</translation>
    </message>
    <message>
        <source>tags: say what to do: add, remove, list, photos, export, import, suggest, accept, reject (photorec tags -h)</source>
        <translation>tags: diga o que fazer: add, remove, list, photos, export, import, suggest, accept, reject (photorec tags -h)</translation>
    </message>
    <message>
        <source>(from the file)</source>
        <translation>(do arquivo)</translation>
    </message>
    <message>
        <source>(no tags)</source>
        <translation>(sem tags)</translation>
    </message>
    <message>
        <source>No tags yet (photorec tags add PHOTO... --tag NAME).</source>
        <translation>Nenhuma tag ainda (photorec tags add FOTO... --tag NOME).</translation>
    </message>
    <message>
        <source>(%1 from the photo files)</source>
        <translation>(%1 vindas dos arquivos das fotos)</translation>
    </message>
    <message>
        <source>No photos tagged %1.</source>
        <translation>Nenhuma foto com a tag %1.</translation>
    </message>
    <message>
        <source>skipped %1</source>
        <translation>ignorado: %1</translation>
    </message>
    <message>
        <source>Tag classifier: %1.</source>
        <translation>Classificador de tags: %1.</translation>
    </message>
    <message>
        <source>No suggestions above the confidence threshold.</source>
        <translation>Nenhuma sugestão acima do limiar de confiança.</translation>
    </message>
    <message>
        <source>Tagged %1 for %2.</source>
        <translation>Tag %1 aplicada a %2.</translation>
    </message>
    <message>
        <source>Will not suggest %1 for %2.</source>
        <translation>%1 não será mais sugerida para %2.</translation>
    </message>
    <message>
        <source>unknown tags action %1</source>
        <translation>ação de tags desconhecida: %1</translation>
    </message>
    <message>
        <source>not suggested yet (no better than guessing): %1</source>
        <translation>ainda não sugeridas (não são melhores que um chute): %1</translation>
    </message>
    <message>
        <source>Remembered: these %1 photos are not duplicates (%2).</source>
        <translation>Anotado: estas %1 fotos não são duplicatas (%2).</translation>
    </message>
    <message>
        <source>Remembered: this photo is to be kept (%2).</source>
        <translation>Anotado: esta foto deve ser mantida (%2).</translation>
    </message>
    <message>
        <source>Remembered: these %1 photos are to be kept, all of them (%2).</source>
        <translation>Anotado: estas %1 fotos devem ser mantidas, todas elas (%2).</translation>
    </message>
    <message>
        <source>%1 pair</source>
        <translation>%1 par</translation>
    </message>
    <message>
        <source>%1 pairs</source>
        <translation>%1 pares</translation>
    </message>
    <message>
        <source>Forgot %1 decision.</source>
        <translation>%1 decisão esquecida.</translation>
    </message>
    <message>
        <source>Forgot %1 decisions.</source>
        <translation>%1 decisões esquecidas.</translation>
    </message>
    <message>
        <source>%1 group of duplicates (%2); %3.</source>
        <translation>%1 grupo de duplicatas (%2); %3.</translation>
    </message>
    <message>
        <source>%1 groups of duplicates (%2); %3.</source>
        <translation>%1 grupos de duplicatas (%2); %3.</translation>
    </message>
    <message>
        <source>%1 group of similar shots (%2); %3.</source>
        <translation>%1 grupo de fotos parecidas (%2); %3.</translation>
    </message>
    <message>
        <source>%1 groups of similar shots (%2); %3.</source>
        <translation>%1 grupos de fotos parecidas (%2); %3.</translation>
    </message>
    <message>
        <source>%1 photo could go</source>
        <translation>%1 foto pode sair</translation>
    </message>
    <message>
        <source>%1 photos could go</source>
        <translation>%1 fotos podem sair</translation>
    </message>
    <message>
        <source>Clustered %1 photo into %2 (k picked automatically) in %3 s.</source>
        <translation>%1 foto agrupada em %2 (k escolhido automaticamente) em %3 s.</translation>
    </message>
    <message>
        <source>Clustered %1 photos into %2 (k picked automatically) in %3 s.</source>
        <translation>%1 fotos agrupadas em %2 (k escolhido automaticamente) em %3 s.</translation>
    </message>
    <message>
        <source>%1 theme</source>
        <translation>%1 tema</translation>
    </message>
    <message>
        <source>%1 themes</source>
        <translation>%1 temas</translation>
    </message>
    <message>
        <source>(%1 photo was added since these themes were made; --recompute to cluster again)</source>
        <translation>(%1 foto foi adicionada depois que estes temas foram feitos; --recompute agrupa de novo)</translation>
    </message>
    <message>
        <source>%1: %2 photo</source>
        <translation>%1: %2 foto</translation>
    </message>
    <message>
        <source>%1 new</source>
        <comment>one</comment>
        <translation>%1 nova</translation>
    </message>
    <message>
        <source>%1 new</source>
        <comment>other</comment>
        <translation>%1 novas</translation>
    </message>
    <message>
        <source>Tagged %1 photo with %2 (%3).</source>
        <translation>%1 foto marcada com %2 (%3).</translation>
    </message>
    <message>
        <source>Tagged %1 photos with %2 (%3).</source>
        <translation>%1 fotos marcadas com %2 (%3).</translation>
    </message>
    <message>
        <source>Removed %1 tag.</source>
        <translation>%1 tag removida.</translation>
    </message>
    <message>
        <source>Removed %1 tags.</source>
        <translation>%1 tags removidas.</translation>
    </message>
    <message>
        <source>Wrote %1 tag to %2.</source>
        <translation>%1 tag gravada em %2.</translation>
    </message>
    <message>
        <source>Wrote %1 tags to %2.</source>
        <translation>%1 tags gravadas em %2.</translation>
    </message>
    <message>
        <source>%1 new tag</source>
        <translation>%1 tag nova</translation>
    </message>
    <message>
        <source>%1 new tags</source>
        <translation>%1 tags novas</translation>
    </message>
    <message>
        <source>%1 rejection</source>
        <translation>%1 rejeição</translation>
    </message>
    <message>
        <source>%1 rejections</source>
        <translation>%1 rejeições</translation>
    </message>
    <message>
        <source>%1 matched library photos</source>
        <comment>one</comment>
        <translation>%1 correspondeu a fotos da biblioteca</translation>
    </message>
    <message>
        <source>%1 matched library photos</source>
        <comment>other</comment>
        <translation>%1 corresponderam a fotos da biblioteca</translation>
    </message>
    <message>
        <source>%1 kept for photos not in the library now</source>
        <comment>one</comment>
        <translation>%1 guardada para fotos que não estão na biblioteca agora</translation>
    </message>
    <message>
        <source>%1 kept for photos not in the library now</source>
        <comment>other</comment>
        <translation>%1 guardadas para fotos que não estão na biblioteca agora</translation>
    </message>
    <message>
        <source>Imported %1 and %2: %3, %4.</source>
        <translation>%1 e %2 importadas: %3, %4.</translation>
    </message>
    <message>
        <source>held-out accuracy %1 (%2, %3 photos; always guessing the most common tag: %4); %5, %6 photos</source>
        <translation>precisão em fotos separadas para teste %1 (%2, %3 fotos; chutando sempre a tag mais comum: %4); %5, %6 fotos</translation>
    </message>
    <message>
        <source>Photos like %1 example, unlike %2:</source>
        <translation>Fotos parecidas com %1 exemplo e diferentes de %2:</translation>
    </message>
    <message>
        <source>Photos like %1 examples, unlike %2:</source>
        <translation>Fotos parecidas com %1 exemplos e diferentes de %2:</translation>
    </message>
    <message>
        <source>Photos like %1 example:</source>
        <translation>Fotos parecidas com %1 exemplo:</translation>
    </message>
    <message>
        <source>Photos like %1 examples:</source>
        <translation>Fotos parecidas com %1 exemplos:</translation>
    </message>
    <message>
        <source>groups of near-duplicate photos, with the one to keep</source>
        <translation>grupos de fotos quase duplicadas, com a que deve ser mantida</translation>
    </message>
    <message>
        <source>Groups of near-duplicates (the same picture re-saved, resized, cropped or edited) or, with --mode similar, of similar shots. Decisions are remembered: see the not-duplicates, keep-all and undo actions.</source>
        <translation>Grupos de quase duplicatas (a mesma imagem salva de novo, redimensionada, recortada ou editada) ou, com --mode similar, de fotos parecidas. As decisões ficam guardadas: veja as ações not-duplicates, keep-all e undo.</translation>
    </message>
    <message>
        <source>duplicates: the same picture (strict, the default); similar: similar shots</source>
        <translation>duplicates: a mesma imagem (rigoroso, o padrão); similar: fotos parecidas</translation>
    </message>
    <message>
        <source>only group photos taken within SECONDS of each other (bursts)</source>
        <translation>só agrupa fotos tiradas com até SECONDS segundos de diferença (rajadas)</translation>
    </message>
    <message>
        <source>also show groups you marked &apos;not duplicates&apos; or &apos;keep all&apos;</source>
        <translation>mostra também os grupos marcados como &apos;não são duplicatas&apos; ou &apos;manter todas&apos;</translation>
    </message>
    <message>
        <source>one JSON line per group</source>
        <translation>uma linha JSON por grupo</translation>
    </message>
    <message>
        <source>remember that these photos are not duplicates</source>
        <translation>anota que estas fotos não são duplicatas</translation>
    </message>
    <message>
        <source>remember to keep all these photos</source>
        <translation>anota que todas estas fotos devem ser mantidas</translation>
    </message>
    <message>
        <source>forget decisions between these photos</source>
        <translation>esquece as decisões entre estas fotos</translation>
    </message>
    <message>
        <source>forget every decision</source>
        <translation>esquece todas as decisões</translation>
    </message>
    <message>
        <source>the library clustered into visual themes (k-means)</source>
        <translation>a biblioteca agrupada em temas visuais (k-means)</translation>
    </message>
    <message>
        <source>Shows the stored themes (photos added since join their nearest theme); clusters again with -k, --seed or --recompute.</source>
        <translation>Mostra os temas guardados (as fotos adicionadas depois entram no tema mais próximo); agrupa de novo com -k, --seed ou --recompute.</translation>
    </message>
    <message>
        <source>how many themes (default: picked automatically)</source>
        <translation>quantos temas (padrão: escolhido automaticamente)</translation>
    </message>
    <message>
        <source>random seed (default 0)</source>
        <translation>semente aleatória (padrão 0)</translation>
    </message>
    <message>
        <source>cluster again even if stored</source>
        <translation>agrupa de novo mesmo que já estejam guardados</translation>
    </message>
    <message>
        <source>list every photo of each theme</source>
        <translation>lista todas as fotos de cada tema</translation>
    </message>
    <message>
        <source>one JSON line per theme</source>
        <translation>uma linha JSON por tema</translation>
    </message>
    <message>
        <source>tag photos, export/import tags, suggested tags</source>
        <translation>marca fotos com tags, exporta/importa tags, sugere tags</translation>
    </message>
    <message>
        <source>Tags are kept per photo content: they survive moves, renames and rescans.</source>
        <translation>As tags ficam ligadas ao conteúdo da foto: sobrevivem a mudanças de lugar, renomeações e novas varreduras.</translation>
    </message>
    <message>
        <source>tag photos</source>
        <translation>marca fotos com tags</translation>
    </message>
    <message>
        <source>(repeatable)</source>
        <translation>(pode repetir)</translation>
    </message>
    <message>
        <source>remove tags from photos</source>
        <translation>remove tags de fotos</translation>
    </message>
    <message>
        <source>all tags with counts, or the tags of photos</source>
        <translation>todas as tags com contagens, ou as tags de algumas fotos</translation>
    </message>
    <message>
        <source>include folder:NAME tags</source>
        <translation>inclui as tags folder:NOME</translation>
    </message>
    <message>
        <source>the photos with a tag (or folder:NAME)</source>
        <translation>as fotos com uma tag (ou folder:NOME)</translation>
    </message>
    <message>
        <source>write all tags to FILE (.json or .csv)</source>
        <translation>grava todas as tags em FILE (.json ou .csv)</translation>
    </message>
    <message>
        <source>read tags from FILE (.json or .csv)</source>
        <translation>lê tags de FILE (.json ou .csv)</translation>
    </message>
    <message>
        <source>train on the tagged photos and suggest tags for the others</source>
        <translation>aprende com as fotos que têm tags e sugere tags para as outras</translation>
    </message>
    <message>
        <source>only these photos</source>
        <translation>só estas fotos</translation>
    </message>
    <message>
        <source>also learn the folders as tags</source>
        <translation>aprende também as pastas como tags</translation>
    </message>
    <message>
        <source>one JSON line</source>
        <translation>uma linha JSON</translation>
    </message>
    <message>
        <source>accept a suggested tag</source>
        <translation>aceita uma tag sugerida</translation>
    </message>
    <message>
        <source>reject a suggested tag (never again)</source>
        <translation>rejeita uma tag sugerida (nunca mais)</translation>
    </message>
    <message>
        <source>photos most like several examples (and unlike others)</source>
        <translation>fotos mais parecidas com vários exemplos (e diferentes de outros)</translation>
    </message>
    <message>
        <source>photos to find more like</source>
        <translation>fotos das quais buscar mais parecidas</translation>
    </message>
    <message>
        <source>photos the results should not look like</source>
        <translation>fotos com as quais os resultados não devem se parecer</translation>
    </message>
    <message>
        <source>no library at %1: nothing to repair</source>
        <translation>nenhuma biblioteca em %1: nada a reparar</translation>
    </message>
    <message>
        <source>another photorec process is indexing this library (%1); let it finish or close it, then run repair again</source>
        <translation>outro processo do photorec está indexando esta biblioteca (%1); deixe-o terminar ou feche-o e rode o repair de novo</translation>
    </message>
    <message>
        <source>cannot repair %1: %2</source>
        <translation>não foi possível reparar %1: %2</translation>
    </message>
    <message>
        <source>the catalog was repaired but the library does not open: %1</source>
        <translation>o catálogo foi reparado, mas a biblioteca não abre: %1</translation>
    </message>
    <message>
        <source>The catalog %1 is sound: nothing to repair.</source>
        <translation>O catálogo %1 está íntegro: nada a reparar.</translation>
    </message>
    <message>
        <source>The catalog %1 was damaged:</source>
        <translation>O catálogo %1 estava danificado:</translation>
    </message>
    <message>
        <source>A copy of the damaged file is kept at %1.</source>
        <translation>Uma cópia do arquivo danificado foi guardada em %1.</translation>
    </message>
    <message>
        <source>%1 folders</source>
        <translation>%1 pastas</translation>
    </message>
    <message>
        <source>%1 folder</source>
        <translation>%1 pasta</translation>
    </message>
    <message>
        <source>%1 files</source>
        <translation>%1 arquivos</translation>
    </message>
    <message>
        <source>%1 file</source>
        <translation>%1 arquivo</translation>
    </message>
    <message>
        <source>%1 vectors</source>
        <translation>%1 vetores</translation>
    </message>
    <message>
        <source>%1 vector</source>
        <translation>%1 vetor</translation>
    </message>
    <message>
        <source>%1 tags</source>
        <translation>%1 tags</translation>
    </message>
    <message>
        <source>%1 tag</source>
        <translation>%1 tag</translation>
    </message>
    <message>
        <source>Recovered: %1.</source>
        <translation>Recuperado: %1.</translation>
    </message>
    <message>
        <source>nothing readable</source>
        <translation>nada legível</translation>
    </message>
    <message>
        <source>Could not be read:</source>
        <translation>Não puderam ser lidos:</translation>
    </message>
    <message>
        <source>%1 rows of %2</source>
        <translation>%1 linhas de %2</translation>
    </message>
    <message>
        <source>%1 row of %2</source>
        <translation>%1 linha de %2</translation>
    </message>
    <message>
        <source>Tables lost entirely:</source>
        <translation>Tabelas perdidas por inteiro:</translation>
    </message>
    <message>
        <source>The index was rebuilt from %1 vector.</source>
        <translation>O índice foi refeito a partir de %1 vetor.</translation>
    </message>
    <message>
        <source>The index was rebuilt from %1 vectors.</source>
        <translation>O índice foi refeito a partir de %1 vetores.</translation>
    </message>
    <message>
        <source>Run &apos;photorec index&apos; to bring the library up to date with the folders.</source>
        <translation>Rode &apos;photorec index&apos; para atualizar a biblioteca com as pastas.</translation>
    </message>
    <message>
        <source>repair a damaged catalog (a copy is kept) and rebuild the index</source>
        <translation>repara um catálogo danificado (uma cópia é guardada) e refaz o índice</translation>
    </message>
    <message>
        <source>Checks the catalog (PRAGMA integrity_check). If it is damaged, keeps a copy of it, copies every readable row into a fresh catalog that takes its place, and rebuilds the index from the recovered vectors. Close the window first.</source>
        <translation>Verifica o catálogo (PRAGMA integrity_check). Se estiver danificado, guarda uma cópia dele, copia cada linha legível para um catálogo novo que toma o seu lugar e refaz o índice a partir dos vetores recuperados. Feche a janela antes.</translation>
    </message>
    <message>
        <source>rebuild the catalog and the index even if the check finds nothing</source>
        <translation>refaz o catálogo e o índice mesmo que a verificação não encontre nada</translation>
    </message>
    <message>
        <source>the report as JSON</source>
        <translation>o relatório em JSON</translation>
    </message>
    <message>
        <source>No photos match “%1”.</source>
        <translation>Nenhuma foto corresponde a “%1”.</translation>
    </message>
    <message>
        <source>Photos matching “%1”:</source>
        <translation>Fotos que correspondem a “%1”:</translation>
    </message>
    <message>
        <source>%1: not in the library, or its metadata was not read yet (photorec index FOLDER)</source>
        <translation>%1: não está na biblioteca, ou seus metadados ainda não foram lidos (photorec index PASTA)</translation>
    </message>
    <message>
        <source>(no keywords, title, description, rating, date, camera or GPS in the file)</source>
        <translation>(nenhuma palavra-chave, título, descrição, avaliação, data, câmera ou GPS no arquivo)</translation>
    </message>
    <message>
        <source>every tagged photo</source>
        <translation>cada foto com tags</translation>
    </message>
    <message>
        <source>This writes XMP sidecars (photo.jpg.xmp) beside %1. Pass --yes to confirm.</source>
        <translation>Isto grava arquivos XMP complementares (foto.jpg.xmp) ao lado de %1. Use --yes para confirmar.</translation>
    </message>
    <message>
        <source>Write XMP sidecars beside %1?</source>
        <translation>Gravar arquivos XMP complementares ao lado de %1?</translation>
    </message>
    <message>
        <source>no person %1 (photorec people lists them)</source>
        <translation>não há a pessoa %1 (photorec people lista as pessoas)</translation>
    </message>
    <message>
        <source>more than one person is called %1: use an id (%2)</source>
        <translation>mais de uma pessoa se chama %1: use um id (%2)</translation>
    </message>
    <message>
        <source>that is the same person twice</source>
        <translation>é a mesma pessoa duas vezes</translation>
    </message>
    <message>
        <source>person %1 is not in %2</source>
        <translation>a pessoa %1 não está em %2</translation>
    </message>
    <message>
        <source>%1 is not a photo of the library</source>
        <translation>%1 não é uma foto da biblioteca</translation>
    </message>
    <message>
        <source>the library is open read-only</source>
        <translation>a biblioteca está aberta só para leitura</translation>
    </message>
    <message>
        <source>the face models cannot be used: %1 (reinstall photorec)</source>
        <translation>os modelos de rosto não podem ser usados: %1 (reinstale o photorec)</translation>
    </message>
    <message>
        <source>unnamed #%1</source>
        <translation>sem nome nº %1</translation>
    </message>
    <message>
        <source>%1 photo</source>
        <translation>%1 foto</translation>
    </message>
    <message>
        <source>%1 photos</source>
        <translation>%1 fotos</translation>
    </message>
    <message>
        <source>No people yet: &apos;photorec index&apos; looks for faces.</source>
        <translation>Nenhuma pessoa ainda: &apos;photorec index&apos; procura rostos.</translation>
    </message>
    <message>
        <source>No people: face finding is off (&apos;photorec people on&apos;).</source>
        <translation>Nenhuma pessoa: a busca de rostos está desligada (&apos;photorec people on&apos;).</translation>
    </message>
    <message>
        <source>Person %1 is now called %2.</source>
        <translation>A pessoa %1 agora se chama %2.</translation>
    </message>
    <message>
        <source>Merged: %1 has %2 face now.</source>
        <translation>Juntadas: %1 tem agora %2 rosto.</translation>
    </message>
    <message>
        <source>Merged: %1 has %2 faces now.</source>
        <translation>Juntadas: %1 tem agora %2 rostos.</translation>
    </message>
    <message>
        <source>%1 face taken out of person %2; it will not be put back.</source>
        <translation>%1 rosto tirado da pessoa %2; ele não será posto de volta.</translation>
    </message>
    <message>
        <source>%1 faces taken out of person %2; they will not be put back.</source>
        <translation>%1 rostos tirados da pessoa %2; eles não serão postos de volta.</translation>
    </message>
    <message>
        <source>face finding is off for this library (&apos;photorec people on&apos;)</source>
        <translation>a busca de rostos está desligada nesta biblioteca (&apos;photorec people on&apos;)</translation>
    </message>
    <message>
        <source>Looked for faces in %1 photo: %2 found.</source>
        <translation>Rostos procurados em %1 foto: %2 encontrados.</translation>
    </message>
    <message>
        <source>Looked for faces in %1 photos: %2 found.</source>
        <translation>Rostos procurados em %1 fotos: %2 encontrados.</translation>
    </message>
    <message>
        <source>%1 new person.</source>
        <translation>%1 pessoa nova.</translation>
    </message>
    <message>
        <source>%1 new people.</source>
        <translation>%1 pessoas novas.</translation>
    </message>
    <message>
        <source>Face finding is on: &apos;photorec index&apos; looks for faces.</source>
        <translation>A busca de rostos está ligada: &apos;photorec index&apos; procura rostos.</translation>
    </message>
    <message>
        <source>Face finding is off: no photo is searched for faces until &apos;photorec people on&apos;.</source>
        <translation>A busca de rostos está desligada: nenhuma foto é examinada em busca de rostos até &apos;photorec people on&apos;.</translation>
    </message>
    <message>
        <source>Erase every face and person photorec found, for good?</source>
        <translation>Apagar de vez todos os rostos e pessoas que o photorec encontrou?</translation>
    </message>
    <message>
        <source>Erased %1 face and every person.</source>
        <translation>Apagado %1 rosto e todas as pessoas.</translation>
    </message>
    <message>
        <source>Erased %1 faces and every person.</source>
        <translation>Apagados %1 rostos e todas as pessoas.</translation>
    </message>
    <message>
        <source>Face finding is still on: the next &apos;photorec index&apos; looks for faces again (&apos;photorec people off&apos; turns it off).</source>
        <translation>A busca de rostos continua ligada: o próximo &apos;photorec index&apos; procura rostos de novo (&apos;photorec people off&apos; a desliga).</translation>
    </message>
    <message>
        <source>No known person in %1.</source>
        <translation>Nenhuma pessoa conhecida em %1.</translation>
    </message>
    <message>
        <source>Photos with the people of %1 (%2):</source>
        <translation>Fotos com as pessoas de %1 (%2):</translation>
    </message>
    <message>
        <source>(no other photo of them)</source>
        <translation>(nenhuma outra foto delas)</translation>
    </message>
    <message>
        <source>the people in the photos: list, name, merge, their photos, forget</source>
        <translation>as pessoas nas fotos: lista, nomeia, junta, suas fotos, esquece</translation>
    </message>
    <message>
        <source>one JSON line per person</source>
        <translation>uma linha JSON por pessoa</translation>
    </message>
    <message>
        <source>name or rename a person</source>
        <translation>dá nome ou muda o nome de uma pessoa</translation>
    </message>
    <message>
        <source>the second person&apos;s faces join the first</source>
        <translation>os rostos da segunda pessoa passam para a primeira</translation>
    </message>
    <message>
        <source>the photos of a person (an id or a name)</source>
        <translation>as fotos de uma pessoa (um id ou um nome)</translation>
    </message>
    <message>
        <source>the person is not in this photo (remembered)</source>
        <translation>a pessoa não está nesta foto (fica anotado)</translation>
    </message>
    <message>
        <source>look for faces in photos not searched yet, and group them</source>
        <translation>procura rostos nas fotos ainda não examinadas e os agrupa</translation>
    </message>
    <message>
        <source>turn face finding on</source>
        <translation>liga a busca de rostos</translation>
    </message>
    <message>
        <source>turn face finding off</source>
        <translation>desliga a busca de rostos</translation>
    </message>
    <message>
        <source>erase every face and person for good</source>
        <translation>apaga de vez todos os rostos e pessoas</translation>
    </message>
    <message>
        <source>Wrote %1 sidecar. The photos themselves were not changed.</source>
        <translation>%1 arquivo XMP gravado. As fotos em si não foram alteradas.</translation>
    </message>
    <message>
        <source>Wrote %1 sidecars. The photos themselves were not changed.</source>
        <translation>%1 arquivos XMP gravados. As fotos em si não foram alteradas.</translation>
    </message>
    <message>
        <source>tags</source>
        <translation>tags</translation>
    </message>
    <message>
        <source>keywords</source>
        <translation>palavras-chave</translation>
    </message>
    <message>
        <source>hierarchical keywords</source>
        <translation>palavras-chave hierárquicas</translation>
    </message>
    <message>
        <source>title</source>
        <translation>título</translation>
    </message>
    <message>
        <source>description</source>
        <translation>descrição</translation>
    </message>
    <message>
        <source>rating</source>
        <translation>avaliação</translation>
    </message>
    <message>
        <source>date</source>
        <translation>data</translation>
    </message>
    <message>
        <source>camera</source>
        <translation>câmera</translation>
    </message>
    <message>
        <source>latitude</source>
        <translation>latitude</translation>
    </message>
    <message>
        <source>longitude</source>
        <translation>longitude</translation>
    </message>
    <message>
        <source>problem</source>
        <translation>problema</translation>
    </message>
    <message>
        <source>tag</source>
        <translation>tag</translation>
    </message>
    <message>
        <source>keyword</source>
        <translation>palavra-chave</translation>
    </message>
    <message>
        <source>folder</source>
        <translation>pasta</translation>
    </message>
    <message>
        <source>name</source>
        <translation>nome</translation>
    </message>
    <message>
        <source>recognised</source>
        <translation>reconhecido</translation>
    </message>
    <message>
        <source>faces</source>
        <translation>rostos</translation>
    </message>
    <message>
        <source>person</source>
        <translation>pessoa</translation>
    </message>
    <message>
        <source>photos matching words: tags, descriptions, names, dates, objects</source>
        <translation>fotos que correspondem a palavras: tags, descrições, nomes, datas, objetos</translation>
    </message>
    <message>
        <source>words to look for (all of them count)</source>
        <translation>palavras a buscar (todas contam)</translation>
    </message>
    <message>
        <source>how many (default 50)</source>
        <translation>quantas (padrão 50)</translation>
    </message>
    <message>
        <source>what photorec read from photos&apos; files and XMP sidecars</source>
        <translation>o que o photorec leu dos arquivos das fotos e dos XMP complementares</translation>
    </message>
    <message>
        <source>library photos</source>
        <translation>fotos da biblioteca</translation>
    </message>
    <message>
        <source>one JSON line per photo</source>
        <translation>uma linha JSON por foto</translation>
    </message>
    <message>
        <source>write the photos&apos; tags into XMP sidecars (never into the photos)</source>
        <translation>grava as tags das fotos em arquivos XMP complementares (nunca nas fotos)</translation>
    </message>
    <message>
        <source>library photos (default: every tagged photo)</source>
        <translation>fotos da biblioteca (padrão: cada foto com tags)</translation>
    </message>
    <message>
        <source>%1 and %2</source>
        <translation>%1 e %2</translation>
    </message>
    <message>
        <source>%1 updated</source>
        <comment>one</comment>
        <translation>%1 atualizada</translation>
    </message>
    <message>
        <source>%1 updated</source>
        <comment>other</comment>
        <translation>%1 atualizadas</translation>
    </message>
    <message>
        <source>%1 unchanged</source>
        <translation>%1 sem mudança</translation>
    </message>
    <message>
        <source>%1 moved</source>
        <comment>one</comment>
        <translation>%1 movida</translation>
    </message>
    <message>
        <source>%1 moved</source>
        <comment>other</comment>
        <translation>%1 movidas</translation>
    </message>
    <message>
        <source>%1 removed</source>
        <comment>one</comment>
        <translation>%1 removida</translation>
    </message>
    <message>
        <source>%1 removed</source>
        <comment>other</comment>
        <translation>%1 removidas</translation>
    </message>
    <message>
        <source>%1 failed</source>
        <translation>%1 com falha</translation>
    </message>
    <message>
        <source>add or remove &quot;Find similar&quot; for images in the file manager (per user)</source>
        <translation>adiciona ou remove &quot;Find similar&quot; para imagens no gerenciador de arquivos (por usuário)</translation>
    </message>
    <message>
        <source>Add &quot;Find similar (photorec)&quot; to the file manager&apos;s menu for images, for this user only (no admin rights): a desktop entry, icons, Dolphin/Nautilus/Nemo menu items on Linux; an Explorer verb under HKEY_CURRENT_USER on Windows. On macOS, Open With comes from photorec.app itself.</source>
        <translation>Adiciona &quot;Find similar (photorec)&quot; ao menu de imagens do gerenciador de arquivos, só para este usuário (sem direitos de administrador): uma entrada de área de trabalho, ícones e itens de menu do Dolphin/Nautilus/Nemo no Linux; um verbo do Explorer em HKEY_CURRENT_USER no Windows. No macOS, o &quot;Abrir com&quot; vem do próprio photorec.app.</translation>
    </message>
    <message>
        <source>install: add the menu entries; uninstall: remove exactly what install added; status: say what is installed</source>
        <translation>install: adiciona as entradas de menu; uninstall: remove exatamente o que o install adicionou; status: diz o que está instalado</translation>
    </message>
    <message>
        <source>print every file or registry key that would be written or removed, and change nothing</source>
        <translation>mostra cada arquivo ou chave de registro que seria gravado ou removido, sem mudar nada</translation>
    </message>
    <message>
        <source>would write</source>
        <translation>gravaria</translation>
    </message>
    <message>
        <source>wrote</source>
        <translation>gravado</translation>
    </message>
    <message>
        <source>unchanged</source>
        <translation>sem mudança</translation>
    </message>
    <message>
        <source>would remove</source>
        <translation>removeria</translation>
    </message>
    <message>
        <source>removed</source>
        <translation>removido</translation>
    </message>
    <message>
        <source>kept</source>
        <translation>mantido</translation>
    </message>
    <message>
        <source>would create</source>
        <translation>criaria</translation>
    </message>
    <message>
        <source>created</source>
        <translation>criado</translation>
    </message>
    <message>
        <source>would run</source>
        <translation>executaria</translation>
    </message>
    <message>
        <source>ran</source>
        <translation>executado</translation>
    </message>
    <message>
        <source>note:</source>
        <translation>nota:</translation>
    </message>
    <message>
        <source>manifest</source>
        <translation>manifesto</translation>
    </message>
    <message>
        <source>manifest of the files above</source>
        <translation>manifesto dos arquivos acima</translation>
    </message>
    <message>
        <source>changed since photorec wrote it</source>
        <translation>alterado desde que o photorec o gravou</translation>
    </message>
    <message>
        <source>nothing of photorec&apos;s desktop integration was found</source>
        <translation>nada da integração do photorec com a área de trabalho foi encontrado</translation>
    </message>
    <message>
        <source>outdated: run install again</source>
        <translation>desatualizado: rode o install de novo</translation>
    </message>
    <message>
        <source>a file photorec did not write is in the way</source>
        <translation>um arquivo que o photorec não gravou está no caminho</translation>
    </message>
    <message>
        <source>present</source>
        <translation>presente</translation>
    </message>
    <message>
        <source>missing</source>
        <translation>ausente</translation>
    </message>
    <message>
        <source>photorec desktop integration (%1):</source>
        <translation>integração do photorec com a área de trabalho (%1):</translation>
    </message>
    <message>
        <source>launcher command:</source>
        <translation>comando de abertura:</translation>
    </message>
    <message>
        <source>installed</source>
        <translation>instalada</translation>
    </message>
    <message>
        <source>partly installed</source>
        <translation>instalada em parte</translation>
    </message>
    <message>
        <source>not installed</source>
        <translation>não instalada</translation>
    </message>
    <message>
        <source>state: %1</source>
        <translation>estado: %1</translation>
    </message>
    <message>
        <source>dry run: nothing is written</source>
        <translation>simulação: nada é gravado</translation>
    </message>
    <message>
        <source>installed: &quot;Find similar (photorec)&quot; is in the file manager&apos;s menu for images (a file manager that is open may need a restart to show it)</source>
        <translation>instalada: &quot;Find similar (photorec)&quot; está no menu de imagens do gerenciador de arquivos (um gerenciador de arquivos aberto pode precisar ser reiniciado para mostrá-lo)</translation>
    </message>
    <message>
        <source>dry run: nothing is removed</source>
        <translation>simulação: nada é removido</translation>
    </message>
    <message>
        <source>unknown action %1 (use install, uninstall or status)</source>
        <translation>ação desconhecida %1 (use install, uninstall ou status)</translation>
    </message>
</context>
<context>
    <name>core</name>
    <message>
        <source>cancelled</source>
        <translation>cancelado</translation>
    </message>
    <message>
        <source>internal: lost the vector of this content; rescan to retry</source>
        <translation>interno: o vetor deste conteúdo se perdeu; rode a varredura de novo para tentar outra vez</translation>
    </message>
    <message>
        <source>photorec cannot store this file name in its catalog (it is not valid UTF-8); rename the file and scan again</source>
        <translation>o photorec não consegue guardar este nome de arquivo no catálogo (não é UTF-8 válido); renomeie o arquivo e rode a varredura de novo</translation>
    </message>
    <message>
        <source>photorec cannot store this file in its catalog: %1</source>
        <translation>o photorec não consegue guardar este arquivo no catálogo: %1</translation>
    </message>
    <message>
        <source>%1 is %2, not an image file (it links to %3): photorec only reads regular image files as a query</source>
        <translation>%1 é %2, não um arquivo de imagem (é um link para %3): o photorec só aceita arquivos de imagem comuns como consulta</translation>
    </message>
    <message>
        <source>a named pipe (FIFO)</source>
        <translation>um pipe nomeado (FIFO)</translation>
    </message>
    <message>
        <source>a character device</source>
        <translation>um dispositivo de caracteres</translation>
    </message>
    <message>
        <source>a block device</source>
        <translation>um dispositivo de blocos</translation>
    </message>
    <message>
        <source>a socket</source>
        <translation>um socket</translation>
    </message>
    <message>
        <source>not a regular file</source>
        <translation>não é um arquivo comum</translation>
    </message>
    <message>
        <source>photorec cannot write to %1</source>
        <translation>o photorec não pode gravar em %1</translation>
    </message>
    <message>
        <source>%1 (reinstall photorec, or unset PHOTOREC_MODEL)</source>
        <translation>%1 (reinstale o photorec, ou remova PHOTOREC_MODEL)</translation>
    </message>
    <message>
        <source>the model card of %1 has no output_dim</source>
        <translation>a ficha do modelo %1 não tem output_dim</translation>
    </message>
    <message>
        <source>tags starting with &apos;%1&apos; are the photos&apos; folders; choose another name</source>
        <translation>tags que começam com &apos;%1&apos; são as pastas das fotos; escolha outro nome</translation>
    </message>
    <message>
        <source>not in the library (index it first): %1 and %2 more</source>
        <translation>não está na biblioteca (indexe primeiro): %1 e mais %2</translation>
    </message>
    <message>
        <source>not in the library: %1</source>
        <translation>não está na biblioteca: %1</translation>
    </message>
    <message>
        <source>cannot write %1: %2</source>
        <translation>não foi possível gravar %1: %2</translation>
    </message>
    <message>
        <source>cannot read %1: %2</source>
        <translation>não foi possível ler %1: %2</translation>
    </message>
    <message>
        <source>not found, and no content key in the file</source>
        <translation>não encontrado, e sem chave de conteúdo no arquivo</translation>
    </message>
    <message>
        <source>%1: a CSV needs a header with at least &apos;path&apos; and &apos;tag&apos;</source>
        <translation>%1: um CSV precisa de um cabeçalho com pelo menos &apos;path&apos; e &apos;tag&apos;</translation>
    </message>
    <message>
        <source>%1 is not a photorec tags file (%2)</source>
        <translation>%1 não é um arquivo de tags do photorec (%2)</translation>
    </message>
    <message>
        <source>model card %1 is unreadable: %2</source>
        <translation>não foi possível ler a ficha do modelo %1: %2</translation>
    </message>
    <message>
        <source>cannot load the model %1: %2</source>
        <translation>não foi possível carregar o modelo %1: %2</translation>
    </message>
    <message>
        <source>execution provider %1 is not available here; available: %2</source>
        <translation>o provedor de execução %1 não está disponível aqui; disponíveis: %2</translation>
    </message>
    <message>
        <source>the classifier head resource is missing or damaged (%1); reinstall photorec</source>
        <translation>o recurso do classificador está faltando ou danificado (%1); reinstale o photorec</translation>
    </message>
    <message>
        <source>the class names resource is missing or damaged (%1); reinstall photorec</source>
        <translation>o recurso dos nomes de classes está faltando ou danificado (%1); reinstale o photorec</translation>
    </message>
    <message>
        <source>the class names resource does not hold 1000 classes; reinstall photorec</source>
        <translation>o recurso dos nomes de classes não tem 1000 classes; reinstale o photorec</translation>
    </message>
    <message>
        <source>vectors have %1 dimensions, the classifier head wants %2: they come from another model</source>
        <translation>os vetores têm %1 dimensões, o classificador espera %2: eles vêm de outro modelo</translation>
    </message>
    <message>
        <source>the library at %1 is open read-only: changes cannot be saved</source>
        <translation>a biblioteca em %1 está aberta só para leitura: mudanças não podem ser salvas</translation>
    </message>
    <message>
        <source>the index file in %1 was damaged (%2); it is rebuilt from the catalog</source>
        <translation>o arquivo do índice em %1 estava danificado (%2); ele é refeito a partir do catálogo</translation>
    </message>
    <message>
        <source>metadata: %1 (the photo is indexed)</source>
        <translation>metadados: %1 (a foto está indexada)</translation>
    </message>
    <message>
        <source>cannot save the index in %1: %2</source>
        <translation>não foi possível salvar o índice em %1: %2</translation>
    </message>
    <message>
        <source>cannot keep a copy of %1 before repairing it (%2); free some space or copy it elsewhere by hand, then run repair again</source>
        <translation>não foi possível guardar uma cópia de %1 antes de repará-lo (%2); libere espaço ou copie-o para outro lugar à mão, depois rode o repair de novo</translation>
    </message>
    <message>
        <source>the catalog %1 was made by a newer photorec (schema %2, this one knows %3): update photorec to open it</source>
        <translation>o catálogo %1 foi feito por um photorec mais novo (esquema %2, este conhece %3): atualize o photorec para abri-lo</translation>
    </message>
    <message>
        <source>migration %1 of %2 broke %3 references</source>
        <translation>a migração %1 de %2 quebrou %3 referências</translation>
    </message>
    <message>
        <source>another photorec process is indexing this library (%1); wait for it to finish, then run again</source>
        <translation>outro processo do photorec está indexando esta biblioteca (%1); espere ele terminar e rode de novo</translation>
    </message>
    <message>
        <source>image too large to decode in memory: this %1x%2 %3 needs about %4 MB at once, and photorec decodes up to %5 MB per image (save it as JPEG, or as a non-interlaced 8-bit PNG)</source>
        <translation>imagem grande demais para decodificar na memória: este %3 de %1x%2 precisa de cerca de %4 MB de uma vez, e o photorec decodifica até %5 MB por imagem (salve-a como JPEG, ou como PNG de 8 bits não entrelaçado)</translation>
    </message>
    <message>
        <source>no such file: %1</source>
        <translation>arquivo inexistente: %1</translation>
    </message>
    <message>
        <source>%1 themes is more than %2 photos can fill: at most %3 (%4 photos a theme on average)</source>
        <translation>%1 temas são mais do que %2 fotos preenchem: no máximo %3 (%4 fotos por tema em média)</translation>
    </message>
    <message>
        <source>identical files: %1</source>
        <translation>arquivos idênticos: %1</translation>
    </message>
    <message>
        <source>the earliest capture date (%1)</source>
        <translation>a data de captura mais antiga (%1)</translation>
    </message>
    <message>
        <source>the oldest file (%1)</source>
        <translation>o arquivo mais antigo (%1)</translation>
    </message>
    <message>
        <source>in the folder added first (%1)</source>
        <translation>na pasta adicionada primeiro (%1)</translation>
    </message>
    <message>
        <source>the shorter name</source>
        <translation>o nome mais curto</translation>
    </message>
    <message>
        <source>first by name</source>
        <translation>a primeira pelo nome</translation>
    </message>
    <message>
        <source>the photo the group was measured from</source>
        <translation>a foto a partir da qual o grupo foi medido</translation>
    </message>
    <message>
        <source>Identical file</source>
        <translation>Arquivo idêntico</translation>
    </message>
    <message>
        <source>file not found (moved or deleted during the scan)</source>
        <translation>arquivo não encontrado (movido ou apagado durante a varredura)</translation>
    </message>
    <message>
        <source>permission denied: photorec may not read this file</source>
        <translation>permissão negada: o photorec não tem permissão para ler este arquivo</translation>
    </message>
    <message>
        <source>is a folder, not a file</source>
        <translation>é uma pasta, não um arquivo</translation>
    </message>
    <message>
        <source>empty file (0 bytes)</source>
        <translation>arquivo vazio (0 bytes)</translation>
    </message>
    <message>
        <source>not an image, or a format photorec cannot read</source>
        <translation>não é uma imagem, ou é um formato que o photorec não lê</translation>
    </message>
    <message>
        <source>truncated file (incomplete copy or download?)</source>
        <translation>arquivo truncado (cópia ou download incompleto?)</translation>
    </message>
    <message>
        <source>corrupt or unreadable image: %1</source>
        <translation>imagem corrompida ou ilegível: %1</translation>
    </message>
    <message>
        <source>not enough memory to decode this image</source>
        <translation>memória insuficiente para decodificar esta imagem</translation>
    </message>
    <message>
        <source>image has no pixels</source>
        <translation>a imagem não tem pixels</translation>
    </message>
    <message>
        <source>image too large: over the %1 MP limit photorec decodes</source>
        <translation>imagem grande demais: passa do limite de %1 MP que o photorec decodifica</translation>
    </message>
    <message>
        <source>image too large: %1x%2 pixels is over the %3 MP limit</source>
        <translation>imagem grande demais: %1x%2 pixels passa do limite de %3 MP</translation>
    </message>
    <message>
        <source>%1 photos need the optional HEIF support: install it with %2</source>
        <translation>fotos %1 precisam do suporte opcional a HEIF: instale-o com %2</translation>
    </message>
    <message>
        <source>cannot read the file: %1</source>
        <translation>não foi possível ler o arquivo: %1</translation>
    </message>
    <message>
        <source>not a regular file (a device, pipe or socket)</source>
        <translation>não é um arquivo comum (um dispositivo, pipe ou socket)</translation>
    </message>
    <message>
        <source>the file kept changing while photorec read it; the next scan reads it again</source>
        <translation>o arquivo mudou enquanto o photorec o lia; a próxima varredura o lê de novo</translation>
    </message>
    <message>
        <source>unexpected error: %1</source>
        <translation>erro inesperado: %1</translation>
    </message>
    <message>
        <source>folder not found (drive unplugged or share not mounted?)</source>
        <translation>pasta não encontrada (disco desconectado ou compartilhamento não montado?)</translation>
    </message>
    <message>
        <source>not a folder</source>
        <translation>não é uma pasta</translation>
    </message>
    <message>
        <source>permission denied</source>
        <translation>permissão negada</translation>
    </message>
    <message>
        <source>cannot read the folder: %1</source>
        <translation>não foi possível ler a pasta: %1</translation>
    </message>
    <message>
        <source>%1 is a folder: photorec only reads regular image files as a query</source>
        <translation>%1 é uma pasta: o photorec só aceita arquivos de imagem comuns como consulta</translation>
    </message>
    <message>
        <source>%1 is a folder (it links to %2): photorec only reads regular image files as a query</source>
        <translation>%1 é uma pasta (aponta para %2): o photorec só aceita arquivos de imagem comuns como consulta</translation>
    </message>
    <message>
        <source>%1 is %2, not an image file: photorec only reads regular image files as a query</source>
        <translation>%1 é %2, não um arquivo de imagem: o photorec só aceita arquivos de imagem comuns como consulta</translation>
    </message>
    <message>
        <source>%1 is %2 MB: photorec reads query images of up to %3 MB</source>
        <translation>%1 tem %2 MB: o photorec lê imagens de consulta de até %3 MB</translation>
    </message>
    <message>
        <source>%1 is over %2 MB: photorec reads query images of up to %3 MB</source>
        <translation>%1 tem mais de %2 MB: o photorec lê imagens de consulta de até %3 MB</translation>
    </message>
    <message>
        <source>file not found</source>
        <translation>arquivo não encontrado</translation>
    </message>
    <message>
        <source>file not found (a link to a file that is gone)</source>
        <translation>arquivo não encontrado (um link para um arquivo que sumiu)</translation>
    </message>
    <message>
        <source>cannot open the file: %1</source>
        <translation>não foi possível abrir o arquivo: %1</translation>
    </message>
    <message>
        <source>this library is open read-only</source>
        <translation>esta biblioteca está aberta só para leitura</translation>
    </message>
    <message>
        <source>the library is open read-only</source>
        <translation>a biblioteca está aberta só para leitura</translation>
    </message>
    <message>
        <source>%1 is not a library folder</source>
        <translation>%1 não é uma pasta da biblioteca</translation>
    </message>
    <message>
        <source>the library has no indexed photos yet</source>
        <translation>a biblioteca ainda não tem fotos indexadas</translation>
    </message>
    <message>
        <source>choose at least one photo to find more like it</source>
        <translation>escolha pelo menos uma foto para buscar mais parecidas com ela</translation>
    </message>
    <message>
        <source>cannot use the data folder %1: %2</source>
        <translation>não foi possível usar a pasta de dados %1: %2</translation>
    </message>
    <message>
        <source>a tag cannot be empty</source>
        <translation>uma tag não pode ser vazia</translation>
    </message>
    <message>
        <source>a tag is at most 200 characters</source>
        <translation>uma tag tem no máximo 200 caracteres</translation>
    </message>
    <message>
        <source>not in the library (index it first): %1</source>
        <translation>fora da biblioteca (indexe primeiro): %1</translation>
    </message>
    <message>
        <source>tag at least %1 photos (with tags used at least %2 times) to get suggestions; %3 so far</source>
        <translation>marque pelo menos %1 fotos com tags (com tags usadas pelo menos %2 vezes) para receber sugestões; até agora, %3</translation>
    </message>
    <message>
        <source>model file not found: %1</source>
        <translation>arquivo do modelo não encontrado: %1</translation>
    </message>
    <message>
        <source>no library at %1 (nothing indexed yet)</source>
        <translation>nenhuma biblioteca em %1 (nada indexado ainda)</translation>
    </message>
    <message>
        <source>cannot create the data folder %1: %2</source>
        <translation>não foi possível criar a pasta de dados %1: %2</translation>
    </message>
    <message>
        <source>cannot open the catalog %1: %2</source>
        <translation>não foi possível abrir o catálogo %1: %2</translation>
    </message>
    <message>
        <source>the catalog %1 is damaged (%2); run &apos;photorec repair&apos; to keep a copy of it and recover what can be read</source>
        <translation>o catálogo %1 está danificado (%2); rode &apos;photorec repair&apos; para guardar uma cópia dele e recuperar o que puder ser lido</translation>
    </message>
    <message>
        <source>the catalog %1 cannot be written (%2): the disk or folder is read-only; searching still works, changes need a writable disk</source>
        <translation>não é possível gravar no catálogo %1 (%2): o disco ou a pasta é só para leitura; a busca continua funcionando, mudanças precisam de um disco gravável</translation>
    </message>
    <message>
        <source>cannot read or write the catalog %1: %2</source>
        <translation>não foi possível ler ou gravar o catálogo %1: %2</translation>
    </message>
    <message>
        <source>disk full: %1 photos saved, run again when there is space</source>
        <translation>disco cheio: %1 fotos salvas, rode de novo quando houver espaço</translation>
    </message>
    <message>
        <source>disk full: 1 photo saved, run again when there is space</source>
        <translation>disco cheio: 1 foto salva, rode de novo quando houver espaço</translation>
    </message>
    <message>
        <source>disk full: what was indexed so far is saved, run again when there is space</source>
        <translation>disco cheio: o que foi indexado até agora está salvo, rode de novo quando houver espaço</translation>
    </message>
    <message>
        <source>the face data of %1 photos in the catalog was damaged (%2 faces dropped); those photos are searched for faces again</source>
        <translation>os dados de rostos de %1 fotos no catálogo estavam danificados (%2 rostos descartados); os rostos dessas fotos são procurados de novo</translation>
    </message>
    <message>
        <source>the face data of 1 photo in the catalog was damaged (%2 faces dropped); it is searched for faces again</source>
        <translation>os dados de rostos de 1 foto no catálogo estavam danificados (%2 rostos descartados); os rostos dela são procurados de novo</translation>
    </message>
    <message>
        <source>the face tables of the catalog could not be read (%1: %2); they were made again empty and every photo is searched for faces again; named people keep their names</source>
        <translation>as tabelas de rostos do catálogo não puderam ser lidas (%1: %2); elas foram refeitas vazias e os rostos de todas as fotos são procurados de novo; as pessoas com nome mantêm o nome</translation>
    </message>
    <message>
        <source>the face tables of the catalog could not be read (%1: %2); they were made again empty, the names given to people lost with them, and every photo is searched for faces again</source>
        <translation>as tabelas de rostos do catálogo não puderam ser lidas (%1: %2); elas foram refeitas vazias, perdendo os nomes dados às pessoas, e os rostos de todas as fotos são procurados de novo</translation>
    </message>
    <message>
        <source>no library folder with id %1</source>
        <translation>nenhuma pasta da biblioteca com id %1</translation>
    </message>
    <message>
        <source>no catalog at %1: nothing to repair</source>
        <translation>nenhum catálogo em %1: nada a reparar</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>the only photo</source>
        <translation>a única foto</translation>
    </message>
    <message>
        <source>largest resolution (%1)</source>
        <translation>maior resolução (%1)</translation>
    </message>
    <message>
        <source>full resolution (%1)</source>
        <translation>resolução completa (%1)</translation>
    </message>
    <message>
        <source>sharpest</source>
        <translation>a mais nítida</translation>
    </message>
    <message>
        <source>better format: %1</source>
        <translation>formato melhor: %1</translation>
    </message>
    <message>
        <source>lossless (%1)</source>
        <translation>sem perdas (%1)</translation>
    </message>
    <message>
        <source>less compressed than the others</source>
        <translation>menos comprimida que as outras</translation>
    </message>
    <message>
        <source>less compressed than %1</source>
        <translation>menos comprimida que %1</translation>
    </message>
    <message>
        <source>has its capture time (EXIF)</source>
        <translation>tem a hora da captura (EXIF)</translation>
    </message>
    <message>
        <source>largest file (%1)</source>
        <translation>maior arquivo (%1)</translation>
    </message>
    <message>
        <source>the oldest file (likely the original)</source>
        <translation>o arquivo mais antigo (provavelmente o original)</translation>
    </message>
    <message>
        <source>exact copies: kept the oldest file</source>
        <translation>cópias exatas: mantido o arquivo mais antigo</translation>
    </message>
    <message>
        <source>best overall on resolution, sharpness, size and format</source>
        <translation>a melhor no conjunto de resolução, nitidez, tamanho e formato</translation>
    </message>
    <message>
        <source>Same photo</source>
        <translation>Mesma foto</translation>
    </message>
    <message>
        <source>Near-duplicate</source>
        <translation>Quase duplicata</translation>
    </message>
    <message>
        <source>Very similar</source>
        <translation>Muito parecida</translation>
    </message>
    <message>
        <source>Similar</source>
        <translation>Parecida</translation>
    </message>
    <message>
        <source>Loosely alike</source>
        <translation>Vagamente parecida</translation>
    </message>
    <message>
        <source>%1 (in an offline folder)</source>
        <translation>%1 (numa pasta offline)</translation>
    </message>
</context>
</TS>
